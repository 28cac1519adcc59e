package dev.synapse.bench;

import dev.synapse.cli.Flags;
import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.data.Dataset;
import dev.synapse.data.transforms.Transforms;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.ImageDataset;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./synapse bench dataloader [--runs N] [--workers N]}: batches per second of a
 * {@link DataLoader} over Fashion-MNIST's 60,000 training pictures, as a training loop would read
 * them (batch 256, toTensor + normalize, shuffled, 2 workers by default). Each run is one full epoch
 * after a warm-up epoch; the median and the spread of the runs are printed, beside the same loader
 * without workers, which bounds what prefetching can add on this machine.
 */
final class DataLoaderBench {
    private DataLoaderBench() {}

    static void run(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench dataloader", "Batches per second of a DataLoader over Fashion-MNIST.", args);
        int runs = f.integer("runs", 7, 1, "timed epochs");
        int workers = f.integer("workers", 2, 0, "loader threads (num_workers)");
        f.done();
        ImageDataset train = FashionMnist.train();
        Dataset ready = train.map(Transforms.compose(Transforms.toTensor(), Transforms.normalize(0.2860, 0.3530)));
        System.out.printf(
                Locale.ROOT,
                "DataLoader over Fashion-MNIST train (%d pictures), batch 256, toTensor+normalize, shuffle; "
                        + "%d runs of one epoch, %d cores%n",
                train.size(),
                runs,
                Runtime.getRuntime().availableProcessors());
        report("workers=" + workers, measure(ready, workers, runs));
        if (workers != 0) {
            report("workers=0 (no prefetch)", measure(ready, 0, runs));
        }
    }

    private static double[] measure(Dataset ready, int workers, int runs) {
        double[] rates = new double[runs];
        try (DataLoader loader = DataLoader.builder(ready)
                .batchSize(256)
                .shuffle(true)
                .seed(1)
                .numWorkers(workers)
                .build()) {
            epoch(loader);
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                int batches = epoch(loader);
                double seconds = (System.nanoTime() - t0) / 1e9;
                rates[r] = batches / seconds;
            }
        }
        return rates;
    }

    private static int epoch(DataLoader loader) {
        int n = 0;
        double sink = 0;
        for (Batch b : loader) {
            sink += b.size();
            n++;
        }
        if (sink < 0) {
            System.out.println(sink);
        }
        return n;
    }

    private static void report(String label, double[] rates) {
        double[] s = rates.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        System.out.printf(
                Locale.ROOT,
                "  %-24s median %.1f batches/s (%.0f samples/s), min %.1f, max %.1f%n",
                label,
                median,
                median * 256,
                s[0],
                s[s.length - 1]);
    }
}
