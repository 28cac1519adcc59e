package dev.synapse.viz;

import dev.synapse.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way this package writes a file (PNG, SVG, DOT): through {@link AtomicFiles}, so a reader
 * never sees half a picture and saves running at once into one folder each get their own temporary
 * file; failures name the file and what to do.
 */
final class PictureFiles {
    private PictureFiles() {}

    /** Writes {@code file} atomically with {@code body}, creating missing parent folders; returns the path. */
    static Path write(Path file, AtomicFiles.Body body) {
        if (Files.isDirectory(file)) {
            throw failure(file, new FileSystemException(file.toString(), null, "is a folder"));
        }
        try {
            AtomicFiles.write(file, body);
            return file;
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** An I/O failure while writing {@code file}, naming it and what to do. */
    static UncheckedIOException failure(Path file, IOException e) {
        String why = e instanceof FileSystemException fse && fse.getReason() != null
                ? fse.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new UncheckedIOException(
                "could not write the picture " + file.toAbsolutePath() + ": " + why
                        + ". Give a file name (not a folder) in a writable folder on a disk with free space.",
                e);
    }
}
