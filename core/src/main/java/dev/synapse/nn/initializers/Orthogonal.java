package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A (semi-)orthogonal matrix times {@code gain} ({@code Orthogonal}, {@code nn.init.orthogonal_}):
 * the shape is flattened to {@code [prod(shape[:-1]), shape[-1]]}, a normal matrix is factored as
 * QR and Q, with the signs of R's diagonal folded in, is the result. Recurrent kernels use it.
 */
public record Orthogonal(double gain, Long seed) implements Initializer {
    @Override
    public Tensor create(int[] shape, DType dtype) {
        if (shape.length < 2) {
            throw new IllegalArgumentException(
                    "Orthogonal initializer: needs at least 2 dimensions, got " + Shape.format(shape));
        }
        int cols = shape[shape.length - 1];
        int rows = JavaArrays.length(shape, "Orthogonal initializer") / Math.max(1, cols);
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows;
        int n = transpose ? rows : cols;
        Generator gen = Draws.generator(seed);
        double[] a = new double[m * n];
        gen.fillNormal(a, 0, 1);
        double[] q = qr(a, m, n);
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = gain * (transpose ? q[j * n + i] : q[i * n + j]);
            }
        }
        return Tensor.wrap(out, shape).to(dtype);
    }

    /** Q ({@code m x n}, m >= n) of the QR factorization by modified Gram-Schmidt, with R's diagonal made positive. */
    private static double[] qr(double[] a, int m, int n) {
        double[] q = a.clone();
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[i * n + k] * q[i * n + j];
                }
                for (int i = 0; i < m; i++) {
                    q[i * n + j] -= dot * q[i * n + k];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[i * n + j] * q[i * n + j];
            }
            norm = Math.sqrt(norm);
            // Gram-Schmidt's R has a positive diagonal already, which is the sign convention wanted.
            for (int i = 0; i < m; i++) {
                q[i * n + j] = norm == 0 ? 0 : q[i * n + j] / norm;
            }
        }
        return q;
    }

    @Override
    public String className() {
        return "Orthogonal";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gain", gain);
        m.put("seed", seed);
        return m;
    }
}
