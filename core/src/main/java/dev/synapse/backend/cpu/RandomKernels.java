package dev.synapse.backend.cpu;

import dev.synapse.backend.Philox;
import dev.synapse.backend.RandomDraw;
import dev.synapse.tensor.Tensor;

/** {@link RandomDraw}s on the CPU: each element from its own {@link Philox} counter, so threads split freely. */
final class RandomKernels {
    private static final int GRAIN = 4096;

    private RandomKernels() {}

    static void fill(RandomDraw draw, Tensor out) {
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("random: the output must be contiguous, got shape " + out.shape());
        }
        Object a = Elements.array(out);
        int base = Strided.offset(out);
        int k0 = (int) draw.key();
        int k1 = (int) (draw.key() >>> 32);
        Parallel.forRange(Strided.size(out), GRAIN, (from, to) -> {
            int[] w = new int[4];
            for (int i = from; i < to; i++) {
                double v = value(draw, i, k0, k1, w);
                switch (a) {
                    case float[] f -> f[base + i] = (float) v;
                    case double[] d -> d[base + i] = v;
                    case boolean[] b -> b[base + i] = v != 0;
                    default ->
                        throw new IllegalArgumentException(
                                "random: the output must be float or bool, got " + out.dtype());
                }
            }
        });
    }

    private static double value(RandomDraw draw, int i, int k0, int k1, int[] w) {
        return switch (draw) {
            case RandomDraw.Uniform(double low, double high, long key) -> {
                Philox.block(i, 0, 0, 0, k0, k1, w);
                yield low + (high - low) * Philox.unit(w[0], w[1]);
            }
            case RandomDraw.Normal(double mean, double std, long key) -> mean + std * gaussian(i, 0, k0, k1, w);
            case RandomDraw.TruncatedNormal(double mean, double std, long key) -> {
                double z;
                int attempt = 0;
                do {
                    z = gaussian(i, attempt++, k0, k1, w);
                } while (Math.abs(z) > 2.0);
                yield mean + std * z;
            }
            case RandomDraw.Bernoulli(double p, long key) -> {
                Philox.block(i, 0, 0, 0, k0, k1, w);
                yield Philox.unit(w[0], w[1]) < p ? 1 : 0;
            }
        };
    }

    private static double gaussian(int i, int attempt, int k0, int k1, int[] w) {
        Philox.block(i, 0, attempt, 0, k0, k1, w);
        double u1 = 1.0 - Philox.unit(w[0], w[1]);
        double u2 = Philox.unit(w[2], w[3]);
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }
}
