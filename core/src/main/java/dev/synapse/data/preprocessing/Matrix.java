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
}
