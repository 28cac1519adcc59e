package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files are read in pieces: memory follows what the headers declare, never the file's size. */
class ModelArchiveTest {
    @TempDir
    Path dir;

    /** A sparse file of {@code size} bytes that begins with {@code head}: it takes no disk space. */
    static Path sparse(Path file, byte[] head, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(head);
            f.setLength(size);
        }
        return file;
    }

    private static byte[] smallArchive() throws IOException {
        return new ModelArchive()
                .weights(Map.of("dense.kernel", Tensor.ones(2, 2)))
                .toBytes();
    }

    @Test
    void aSparseTwoGigabyteFileIsRefusedWithoutReadingIt() throws Exception {
        Path f = sparse(dir.resolve("big.synapse"), smallArchive(), 1_900_000_000L);
        long allocated = IoAssertions.allocatedBy(() -> {
            var e = assertThrows(CorruptFileException.class, () -> ModelArchive.read(f));
            assertTrue(
                    e.getMessage().startsWith(f.toString()) && e.getMessage().contains("no zip end record"),
                    e.getMessage());
        });
        // The end record is looked for in the last 64 KiB; nothing else is read.
        assertTrue(allocated < 4 << 20, allocated + " bytes allocated");
    }

    @Test
    void aStoredPartIsReadIntoItsTensorsWithoutACopyOfThePart() throws Exception {
        Tensor big = Tensor.zeros(1 << 22); // 16 MiB of float32
        Path f = dir.resolve("m.synapse");
        new ModelArchive().weights(Map.of("dense.kernel", big)).write(f);
        long allocated = IoAssertions.allocatedBy(() -> assertEquals(
                1 << 22, ModelArchive.read(f).weights().get("dense.kernel").size()));
        // The tensor itself (16 MiB) plus small pieces, not the file's bytes on top.
        assertTrue(allocated < (16 << 20) + (4 << 20), allocated + " bytes allocated");
    }

    @Test
    void aDirectoryOrAMissingFileIsAnErrorNamingThePath() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("models"));
        var e = assertThrows(FileSystemException.class, () -> ModelArchive.read(sub));
        assertTrue(
                e.getMessage().startsWith(sub.toString()) && e.getMessage().contains("is a directory"), e.getMessage());
        Path missing = dir.resolve("nope.synapse");
        var m = assertThrows(NoSuchFileException.class, () -> ModelArchive.read(missing));
        assertTrue(m.getMessage().startsWith(missing.toString()), m.getMessage());
        var w = assertThrows(FileSystemException.class, () -> SafeTensors.read(sub));
        assertTrue(w.getMessage().startsWith(sub.toString()), w.getMessage());
    }

    /**
     * A deflated part that spans many deflate blocks: the inflater can end a call at a block boundary with
     * input left and no output, which must not be taken for a truncated stream.
     */
    @Test
    void aLargeDeflatedPartOfManyBlocksRoundTrips() throws Exception {
        java.util.List<Object> layers = new java.util.ArrayList<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            layers.add(Map.of(
                    "class_name",
                    "ReLU",
                    "config",
                    Map.of("name", "re_lu_" + i, "tag", Long.toString(r.nextLong(), 36))));
        }
        Map<String, Object> architecture = Map.of("class_name", "Sequential", "layers", layers);
        Path f = dir.resolve("deep.synapse");
        new ModelArchive().architecture(architecture).weights(Map.of()).write(f);
        assertEquals(
                20_000, ((java.util.List<?>) ModelArchive.read(f).architecture().get("layers")).size());
    }
}
