package dev.synapse.datasets;

import dev.synapse.data.TensorDataset;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;

/**
 * The synthetic datasets of the Keras introduction (seed 003): random features with random labels,
 * which no model can learn, and the XOR of the features' signs, which no linear model can learn.
 * Labels are float32 {@code [N, 1]} of 0 and 1, ready for binary cross-entropy.
 */
public final class Generators {
    private Generators() {}

    /**
     * Features uniform in {@code [0, 1)} and labels 0 or 1 with equal chance, independent of the features
     * ({@code np.random.random((n, features))}, {@code np.random.randint(2, size=(n, 1))}).
     */
    public static TensorDataset randomLabels(int n, int features, long seed) {
        return randomLabels(n, features, new Generator(seed));
    }

    /** {@link #randomLabels(int, int, long)} drawn from {@code gen} (e.g. the global generator). */
    public static TensorDataset randomLabels(int n, int features, Generator gen) {
        float[] x = uniform(n * features, 0, gen);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = gen.nextInt(2);
        }
        return new TensorDataset(Tensor.wrap(x, n, features), Tensor.wrap(y, n, 1));
    }

    /**
     * Features uniform in {@code [-0.5, 0.5)}; the label is 1 when an odd number of features is positive,
     * the XOR of their signs ({@code logical_xor(logical_xor(x0 > 0, x1 > 0), x2 > 0)} for three features).
     */
    public static TensorDataset xor(int n, int features, long seed) {
        return xor(n, features, new Generator(seed));
    }

    /** {@link #xor(int, int, long)} drawn from {@code gen}. */
    public static TensorDataset xor(int n, int features, Generator gen) {
        float[] x = uniform(n * features, -0.5, gen);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            boolean odd = false;
            for (int f = 0; f < features; f++) {
                odd ^= x[i * features + f] > 0;
            }
            y[i] = odd ? 1 : 0;
        }
        return new TensorDataset(Tensor.wrap(x, n, features), Tensor.wrap(y, n, 1));
    }

    private static float[] uniform(int count, double low, Generator gen) {
        if (count < 0) {
            throw new IllegalArgumentException("sizes must be 0 or more");
        }
        double[] d = new double[count];
        gen.fillUniform(d, low, low + 1);
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
