package dev.synapse.data.preprocessing;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/** A 2-D table of samples by features read as doubles, as the scalers see their input. */
record Matrix(double[] data, int rows, int cols, int[] dims, DType dtype) {

    /** {@code x} as {@code [N, F]}; a 1-D {@code [F]} input is one row when {@code allowRow}. */
    static Matrix of(Tensor x, String op, boolean allowRow) {
        int[] d = x.dims();
        int rows;
        int cols;
        if (d.length == 2) {
            rows = d[0];
            cols = d[1];
        } else if (d.length == 1 && allowRow) {
            rows = 1;
            cols = d[0];
        } else {
            throw new IllegalArgumentException(op + ": expected a 2-D tensor [samples, features]"
                    + (allowRow ? " or one row [features]" : "") + ", got " + Shape.format(d));
        }
        DType out = x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        return new Matrix(x.toDoubleArray(), rows, cols, d, out);
    }

    /** {@code values} shaped like the input, float64 for float64 input and float32 otherwise. */
    Tensor wrap(double[] values) {
        if (dtype == DType.FLOAT64) {
            return Tensor.wrap(values, dims);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.wrap(f, dims);
    }

    /** {@code x} as the samples a scaler learns from: {@code [N, F]} with at least one row. */
    static Matrix samples(Tensor x, String op) {
        Matrix m = of(x, op, false);
        if (m.rows() == 0) {
            throw new IllegalArgumentException(op + ": no samples");
        }
        return m;
    }

    /** {@code x} for a scaler whose per-feature statistics are {@code fitted} (null before {@code fit}). */
    static Matrix fitted(Tensor x, String op, double[] fitted) {
        requireFitted(fitted, op);
        Matrix m = of(x, op, true);
        if (m.cols() != fitted.length) {
            throw new IllegalArgumentException(op + ": fitted on " + fitted.length + " features, got " + m.cols());
        }
        return m;
    }

    static void requireFitted(double[] fitted, String op) {
        if (fitted == null) {
            throw new IllegalStateException(op + ": call fit(x) first");
        }
    }

    /** Each element replaced by {@code f(value, feature)}, shaped and typed as the input. */
    Tensor map(FeatureMap f) {
        double[] v = data.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.apply(v[i], i % cols);
        }
        return wrap(v);
    }

    /** One element's new value from its value and its feature's index. */
    @FunctionalInterface
    interface FeatureMap {
        double apply(double value, int feature);
    }
}
