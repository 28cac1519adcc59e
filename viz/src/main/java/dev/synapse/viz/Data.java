package dev.synapse.viz;

import dev.synapse.tensor.Tensor;

/** Tensors to the plain arrays the charts draw from. */
final class Data {
    private Data() {}

    /** The rows of a 2-D tensor. */
    static double[][] rows(Tensor t, String who) {
        int[] d = t.dims();
        if (d.length != 2) {
            throw new IllegalArgumentException(who + ": expected a 2-D tensor [N, D], got shape " + t.shape());
        }
        double[] flat = t.toDoubleArray();
        double[][] out = new double[d[0]][d[1]];
        for (int i = 0; i < d[0]; i++) {
            System.arraycopy(flat, i * d[1], out[i], 0, d[1]);
        }
        return out;
    }

    /**
     * Whole-number labels of a 1-D tensor or of a column {@code [N, 1]} (Keras's label shape), or the
     * argmax of each row of a 2-D one with several columns (one-hot or scores).
     */
    static int[] labels(Tensor t, String who) {
        int[] d = t.dims();
        if (d.length == 2 && d[1] == 1) {
            t = t.reshape(d[0]);
        } else if (d.length == 2) {
            t = t.argmax(1);
        } else if (d.length != 1) {
            throw new IllegalArgumentException(
                    who + ": expected labels [N] or one-hot/scores [N, K], got shape " + t.shape());
        }
        double[] v = t.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0) {
                throw new IllegalArgumentException(
                        who + ": labels must be whole numbers >= 0, got " + v[i] + " at " + i);
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    static int max(int[] v) {
        int m = -1;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
