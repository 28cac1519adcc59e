package dev.synapse.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find Debian's Fashion-MNIST files, and a clear failure when they are missing. */
final class RealFiles {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private RealFiles() {
    }

    static Path fashion(String name) {
        Path p = FASHION.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("the Fashion-MNIST file " + p + " is missing: these tests need Debian's "
                    + "dataset-fashion-mnist package (./synapse test installs it when run as root with apt-get; "
                    + "otherwise: sudo apt-get install dataset-fashion-mnist)");
        }
        return p;
    }
}
