package dev.synapse.datasets;

import dev.synapse.data.TensorDataset;
import dev.synapse.tensor.Tensor;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * scikit-learn's 8x8 handwritten digits ({@code sklearn.datasets.load_digits()}): 1,797 pictures of
 * 8x8 pixels valued 0..16, in 10 classes. Shipped inside this library (the UCI "Optical Recognition of
 * Handwritten Digits" test set, CC BY 4.0, as packaged by scikit-learn; see the NOTICE beside the data
 * file), so it works offline.
 *
 * @param data the pictures flattened, float32 {@code [1797, 64]} ({@code digits.data})
 * @param target the labels, int64 {@code [1797]} ({@code digits.target})
 */
public record Digits(Tensor data, Tensor target) {
    static final String RESOURCE = "digits/digits.csv.gz";
    static final int SAMPLES = 1797;
    static final int FEATURES = 64;
    /** The most text a digits file may hold: 32 characters a cell, far more than its short numbers need. */
    static final long MAX_CONTENT = (long) SAMPLES * (FEATURES + 1) * 32;

    /** The shipped dataset. */
    public static Digits load() {
        InputStream in = Digits.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new DatasetException(
                    "the digits data file " + RESOURCE + " is missing from the synapse-datasets jar");
        }
        return parse(in, "synapse-datasets!" + RESOURCE);
    }

    /** Reads a {@code digits.csv.gz} in scikit-learn's layout (64 pixel columns, then the label) from a file. */
    public static Digits read(Path file) {
        try {
            return parse(Files.newInputStream(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }

    private static Digits parse(InputStream raw, String name) {
        float[] x = new float[SAMPLES * FEATURES];
        long[] y = new long[SAMPLES];
        int row = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new LimitedInputStream(new GZIPInputStream(raw), MAX_CONTENT, name + " decompressed"),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (row >= SAMPLES) {
                    throw bad(name, "it has more than " + SAMPLES + " rows");
                }
                String[] cells = line.split(",");
                if (cells.length != FEATURES + 1) {
                    throw bad(
                            name, "row " + (row + 1) + " has " + cells.length + " columns, expected " + (FEATURES + 1));
                }
                for (int c = 0; c <= FEATURES; c++) {
                    double v;
                    try {
                        v = Double.parseDouble(cells[c]);
                    } catch (NumberFormatException e) {
                        throw bad(
                                name,
                                "row " + (row + 1) + " column " + (c + 1) + " is not a number: '" + cells[c] + "'");
                    }
                    boolean label = c == FEATURES;
                    if (v != Math.rint(v) || v < 0 || v > (label ? 9 : 16)) {
                        throw bad(
                                name,
                                "row " + (row + 1) + " column " + (c + 1) + " holds " + v
                                        + ", expected a whole number in 0.." + (label ? 9 : 16));
                    }
                    if (label) {
                        y[row] = (long) v;
                    } else {
                        x[row * FEATURES + c] = (float) v;
                    }
                }
                row++;
            }
        } catch (LimitedInputStream.TooLongException e) {
            throw bad(name, e.getMessage() + " (a line without end, or a gzip bomb)");
        } catch (ZipException | EOFException e) {
            throw bad(name, "the gzip stream is damaged or truncated (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + ": " + e.getMessage(), e);
        }
        if (row != SAMPLES) {
            throw bad(name, "it has " + row + " rows, expected " + SAMPLES + " (truncated)");
        }
        return new Digits(Tensor.wrap(x, SAMPLES, FEATURES), Tensor.wrap(y, SAMPLES));
    }

    private static DatasetException bad(String name, String why) {
        return new DatasetException(name + " is not a valid digits file: " + why);
    }

    /** The pictures as float32 {@code [1797, 8, 8]} ({@code digits.images}). */
    public Tensor images() {
        return data.reshape(SAMPLES, 8, 8);
    }

    /** The samples as a dataset of ({@code [64]} features, label). */
    public TensorDataset dataset() {
        return new TensorDataset(data, target);
    }
}
