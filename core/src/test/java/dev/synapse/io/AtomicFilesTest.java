package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static void writeText(Path file, String text) throws IOException {
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anEmptyPathIsRefusedBeforeAnythingIsWritten() throws IOException {
        var e = assertThrows(IllegalArgumentException.class, () -> writeText(Path.of(""), "x"));
        assertTrue(e.getMessage().contains("names no file"), e.getMessage());
        // Path.of("") is the working folder: no temporary file may have been left there.
        try (Stream<Path> s = Files.list(Path.of("").toAbsolutePath())) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aDirectoryIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("models"));
        var e = assertThrows(FileSystemException.class, () -> writeText(sub, "x"));
        assertTrue(
                e.getMessage().startsWith(sub.toString()) && e.getMessage().contains("is a directory"), e.getMessage());
        assertEquals(List.of("models"), listing());
        try (Stream<Path> s = Files.list(sub)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws IOException {
        Path real = Files.createDirectory(dir.resolve("store")).resolve("model.synapse");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.synapse"), Path.of("store", "model.synapse"));
        writeText(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        // A dangling link names the file to create.
        Path dangling = Files.createSymbolicLink(dir.resolve("next.synapse"), Path.of("store", "next-real.synapse"));
        writeText(dangling, "created");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("created", Files.readString(dir.resolve("store/next-real.synapse")));
    }

    @Test
    void aReplacedFileKeepsItsModeAndANewFileFollowsTheUmask() throws IOException {
        Path file = dir.resolve("m.synapse");
        Files.writeString(file, "old");
        Set<PosixFilePermission> shared = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(file, shared);
        writeText(file, "new");
        assertEquals(shared, Files.getPosixFilePermissions(file));

        // What any tool would give a new file here: 0666 less the umask.
        Path probe = Files.createFile(dir.resolve("probe"));
        Path fresh = dir.resolve("fresh.synapse");
        writeText(fresh, "x");
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(fresh));
    }

    @Test
    void staleTemporariesOfThisTargetAreRemovedButLiveAndForeignOnesAreKept() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        long live = ProcessHandle.current().pid();
        List<String> names = List.of(
                ".m.synapse." + dead + ".k3x9.tmp", // killed save of this target: removed
                ".m.synapse." + live + ".a1b2.tmp", // a concurrent save in this process: kept
                ".other.synapse." + dead + ".k3x9.tmp", // another target: kept
                ".m.synapse.notes.tmp", // not our naming: kept
                "m.synapse." + dead + ".k3x9.tmp"); // not our naming: kept
        for (String n : names) {
            Files.writeString(dir.resolve(n), "partial");
        }
        writeText(dir.resolve("m.synapse"), "done");
        List<String> left = listing();
        assertFalse(left.contains(names.get(0)), left.toString());
        for (String n : names.subList(1, names.size())) {
            assertTrue(left.contains(n), n + " was removed: " + left);
        }
        assertEquals("done", Files.readString(dir.resolve("m.synapse")));
    }

    @Test
    void failuresNameTheTargetAndLeaveNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.synapse");
        var full = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(file, out -> {
                    out.write(new byte[100]);
                    throw new IOException("No space left on device");
                }));
        assertTrue(
                full.getMessage().contains(file.toString()) && full.getMessage().contains("No space left"),
                full.getMessage());
        assertEquals(List.of(), listing());

        Path notAFolder = dir.resolve("plain");
        Files.writeString(notAFolder, "x");
        var e = assertThrows(IOException.class, () -> writeText(notAFolder.resolve("m.synapse"), "x"));
        assertTrue(e.getMessage().contains(notAFolder.resolve("m.synapse").toString()), e.getMessage());
    }
}
