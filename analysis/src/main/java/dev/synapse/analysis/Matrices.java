package dev.synapse.analysis;

import dev.synapse.tensor.Tensor;

/** Conversions between tensors and the row arrays the estimators work on, with shape checks. */
final class Matrices {
    private Matrices() {}

    /** The rows of a 2-D tensor as doubles. */
    static double[][] rows(Tensor t, String who) {
        int[] d = t.dims();
        if (d.length != 2) {
            throw new IllegalArgumentException(who + ": expected a 2-D tensor [samples, features], got shape "
                    + t.shape() + (d.length > 2 ? "; flatten the pictures first (reshape(n, -1))" : ""));
        }
        double[] flat = t.toDoubleArray();
        double[][] out = new double[d[0]][d[1]];
        for (int i = 0; i < d[0]; i++) {
            System.arraycopy(flat, i * d[1], out[i], 0, d[1]);
        }
        return out;
    }

    /** A float64 tensor [rows, cols] from row arrays. */
    static Tensor tensor(double[][] rows) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Tensor.wrap(flat, n, d);
    }

    /** Whole-number labels from a 1-D tensor. */
    static long[] labels(Tensor y, String who) {
        if (y.dims().length != 1) {
            throw new IllegalArgumentException(who + ": expected labels [samples], got shape " + y.shape()
                    + (y.dims().length == 2 ? "; for one-hot labels pass y.argmax(1)" : ""));
        }
        double[] v = y.toDoubleArray();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(who + ": labels must be whole numbers, got " + v[i] + " at " + i);
            }
            out[i] = (long) v[i];
        }
        return out;
    }

    static long[] toLong(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Checks a non-empty rectangular matrix; returns its column count. */
    static int checkRectangular(double[][] x, String who) {
        if (x.length == 0) {
            throw new IllegalArgumentException(who + ": no samples");
        }
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException(
                        who + ": row " + i + " has " + x[i].length + " features, row 0 has " + d);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(
                            who + ": row " + i + " holds " + v + "; remove NaN and infinite values first");
                }
            }
        }
        return d;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double t = a[k] - b[k];
            s += t * t;
        }
        return s;
    }

    /** For each row of class probabilities, the label of the most probable class (the first on ties). */
    static long[] mostProbable(double[][] p, long[] classes) {
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            int arg = 0;
            for (int c = 1; c < classes.length; c++) {
                if (p[i][c] > p[i][arg]) {
                    arg = c;
                }
            }
            out[i] = classes[arg];
        }
        return out;
    }

    /** The fraction of {@code predicted} equal to {@code y} ({@code score} of a classifier). */
    static double accuracy(long[] predicted, long[] y, String who) {
        if (predicted.length != y.length) {
            throw new IllegalArgumentException(who + ": " + predicted.length + " samples but " + y.length + " labels");
        }
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == y[i] ? 1 : 0;
        }
        return (double) right / predicted.length;
    }
}
