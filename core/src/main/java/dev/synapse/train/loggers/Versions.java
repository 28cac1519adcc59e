package dev.synapse.train.loggers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Lightning's run folders: {@code root/name/version_N}, N one more than the largest present. */
final class Versions {
    private Versions() {}

    static Path next(Path root, String name) {
        Path base = root.resolve(name);
        int next = 0;
        if (Files.isDirectory(base)) {
            try (Stream<Path> s = Files.list(base)) {
                next = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("version_\\d+"))
                        .mapToInt(n -> Integer.parseInt(n.substring(8)) + 1)
                        .max()
                        .orElse(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + base + ": " + e.getMessage(), e);
            }
        }
        return base.resolve("version_" + next);
    }
}
