package dev.synapse.bench;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.nn.Input;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.ReLU;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code ./synapse bench build [--runs N] [--layers N]}: how putting a Sequential together grows with
 * its number of layers, adding them one by one ({@code model.add}) and rebuilding from a config
 * ({@code Sequential.from_config}). Sizes double from an eighth of {@code --layers}; each line gives the
 * median of the runs and its ratio to the previous size: about 2 for linear growth, 4 for quadratic.
 */
final class ModelBuildBench {
    private ModelBuildBench() {}

    static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench build", "How building a Sequential grows with its number of layers.", args);
        int runs = f.integer("runs", 5, 1, "timed runs per size");
        int largest = f.integer("layers", 20_000, 8, "the largest model's number of weightless layers");
        f.done();
        System.out.printf(Locale.ROOT, "Sequential of ReLU layers, median of %d runs per size (min-max)%n", runs);
        report("add", runs, largest, n -> () -> stack(n));
        report("fromConfig", runs, largest, n -> {
            Map<String, Object> config = stack(n).getConfig();
            Synapse.clearSession();
            return () -> Sequential.fromConfig(config);
        });
    }

    private static Sequential stack(int n) {
        Sequential s = new Sequential(Input.of(4));
        for (int i = 0; i < n; i++) {
            s.add(new ReLU());
        }
        return s;
    }

    /** Times {@code work.apply(n)} for doubling sizes up to {@code largest}, after one warm-up at the largest. */
    private static void report(String what, int runs, int largest, IntFunction<Runnable> work) {
        time(work.apply(largest));
        double previous = Double.NaN;
        for (int n = largest / 8; n <= largest; n *= 2) {
            Runnable r = work.apply(n);
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                ms[i] = time(r);
            }
            Arrays.sort(ms);
            double median = ms[runs / 2];
            System.out.printf(
                    Locale.ROOT,
                    "  %-10s %6d layers  %8.1f ms (%.1f-%.1f)%s%n",
                    what,
                    n,
                    median,
                    ms[0],
                    ms[runs - 1],
                    Double.isNaN(previous)
                            ? ""
                            : String.format(Locale.ROOT, "  x%.2f the previous size", median / previous));
            previous = median;
        }
    }

    private static double time(Runnable r) {
        Synapse.clearSession();
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }
}
