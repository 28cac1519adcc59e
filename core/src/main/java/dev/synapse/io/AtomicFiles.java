package dev.synapse.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Writes a file so that a crash at any moment leaves either the old file or the complete new one:
 * write a temporary file beside it, fsync, then rename over the target (what Keras's
 * {@code model.save} and {@code torch.save} users expect of a save that may be interrupted).
 *
 * <ul>
 *   <li>The target must name a file: an empty path is an {@link IllegalArgumentException} and a
 *       directory a {@link FileSystemException}, both before anything is written.</li>
 *   <li>A symbolic link is followed: its target is replaced and the link stays a link.</li>
 *   <li>The new file gets the mode of the file it replaces, or for a new file the mode any other tool
 *       would give it (0666 less the umask), not the 0600 of a temporary file.</li>
 *   <li>Temporary files are named {@code .<name>.<pid>.<random>.tmp}; one whose writing process is no
 *       longer running (a save that was killed) is removed at the next save to the same target. A
 *       concurrent save's temporary file is left alone.</li>
 *   <li>Every failure is an {@link IOException} whose message names the target and what to check.</li>
 * </ul>
 */
public final class AtomicFiles {
    private static final String SUFFIX = ".tmp";

    private AtomicFiles() {}

    /** Writes one file's bytes through a stream. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with {@code body}; see the class comment for the rules. */
    public static void write(Path target, Body body) throws IOException {
        Path file = resolveTarget(target);
        Path dir = Objects.requireNonNull(file.getParent(), "resolveTarget returns a file in a folder");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure(target, "cannot create its folder " + dir, e);
        }
        removeStaleTemporaries(dir, file.getFileName().toString());
        Set<PosixFilePermission> keep = existingMode(file);
        Path tmp = createTemporary(dir, file.getFileName().toString(), target);
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.write(out);
                out.flush();
                ch.force(true);
            } catch (IOException e) {
                throw failure(target, "writing it failed; the previous file, if any, is unchanged", e);
            }
            if (keep != null) {
                Files.getFileAttributeView(tmp, PosixFileAttributeView.class).setPermissions(keep);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw failure(target, "cannot replace it with the new version in " + tmp.getFileName(), e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The file a write to {@code target} replaces: symbolic links followed (a dangling one names the
     * file to create), refused when empty or a directory.
     */
    static Path resolveTarget(Path target) throws IOException {
        if (target.toString().isEmpty() || target.getFileName() == null) {
            throw new IllegalArgumentException("cannot save to the path '" + target
                    + "': it names no file; give a file " + "name such as model.synapse");
        }
        Path p = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw new FileSystemException(
                        target.toString(), null, "too many levels of symbolic links; point it at a file");
            }
            // An absolute path that is a link has a parent: the root is never a link.
            Path parent = Objects.requireNonNull(p.getParent(), "parent of a symbolic link");
            p = parent.resolve(Files.readSymbolicLink(p)).normalize();
        }
        if (Files.isDirectory(p)) {
            throw new FileSystemException(
                    target.toString(),
                    null,
                    "is a directory; give a file name inside it, such as " + target.resolve("model.synapse"));
        }
        if (p.getFileName() == null || p.getParent() == null) {
            throw new FileSystemException(
                    target.toString(), null, "names no file; give a file name such as model.synapse");
        }
        return p;
    }

    /** The mode to keep: the replaced file's, or null for a new file (created under the umask). */
    private static @Nullable Set<PosixFilePermission> existingMode(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            return view.readAttributes().permissions();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Creates the temporary file without explicit permissions, so the file system applies the umask as
     * for any new file ({@code Files.createTempFile} would force 0600).
     */
    private static Path createTemporary(Path dir, String name, Path target) throws IOException {
        String prefix = "." + name + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(
                    prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw failure(target, "cannot create a temporary file beside it", e);
                }
            } catch (IOException e) {
                throw failure(target, "cannot create a temporary file in " + dir + " (is the folder writable?)", e);
            }
        }
    }

    /**
     * Deletes temporary files of earlier saves to this target whose process has ended. Only names of
     * our own pattern for this file name are considered; a live process's file (another thread, or
     * another program saving at the same moment) is kept.
     */
    static void removeStaleTemporaries(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(SUFFIX);
        })) {
            for (Path p : stream) {
                long pid = writerPid(p.getFileName().toString(), prefix);
                boolean running = pid >= 0
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (pid >= 0 && !running && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Cleaning up is a courtesy: a folder we cannot list or a file we cannot delete must not stop the save.
        }
    }

    /** The process id in {@code .<name>.<pid>.<random>.tmp}, or -1 when the name is not of that form. */
    private static long writerPid(String fileName, String prefix) {
        String middle = fileName.substring(prefix.length(), fileName.length() - SUFFIX.length());
        int dot = middle.indexOf('.');
        if (dot <= 0 || middle.indexOf('.', dot + 1) >= 0) {
            return -1;
        }
        try {
            Long.parseUnsignedLong(middle.substring(dot + 1), 36);
            return Long.parseLong(middle.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static IOException failure(Path target, String what, IOException cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String todo = detail.contains("No space left") || detail.contains("Disk quota")
                ? "free some space or save to another disk"
                : "check that the folder exists, is writable and has free space";
        return new IOException("cannot save " + target + ": " + what + " (" + detail + "); " + todo, cause);
    }

    /** Makes the rename itself durable where the platform allows opening a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every file system lets a directory be opened; the data itself is already synced.
        }
    }
}
