package dev.synapse.backend;

/**
 * A random fill a backend computes on its own device ({@link Backend#random}), from {@link Philox} bits under
 * {@link #key()}: so a draw on a device needs no copy from the host, and repeats bit for bit for the same key.
 * Element {@code i} (row-major over the output) takes counter {@code (i, attempt)}; {@code u(a, b)} below is
 * {@link Philox#unit} of two of that block's words. Values are computed in double precision and rounded once to
 * the output's dtype. A backend dispatches with an exhaustive {@code switch}.
 */
public sealed interface RandomDraw
        permits RandomDraw.Uniform, RandomDraw.Normal, RandomDraw.TruncatedNormal, RandomDraw.Bernoulli {

    /** The 64-bit Philox key: each draw takes a fresh one from its generator. */
    long key();

    /** {@code low + (high - low) u(w0, w1)} ({@code torch.rand}, {@code tf.random.uniform}). */
    record Uniform(double low, double high, long key) implements RandomDraw {}

    /**
     * {@code mean + std z} with {@code z = sqrt(-2 ln(1 - u(w0, w1))) cos(2 pi u(w2, w3))}, Box-Muller
     * ({@code torch.randn}).
     */
    record Normal(double mean, double std, long key) implements RandomDraw {}

    /**
     * As {@link Normal}, with {@code z} drawn again from the next attempt's counter while {@code |z| > 2}, as
     * Keras's {@code TruncatedNormal}.
     */
    record TruncatedNormal(double mean, double std, long key) implements RandomDraw {}

    /** {@code u(w0, w1) < p}: true (1) with probability {@code p} ({@code torch.bernoulli}). */
    record Bernoulli(double p, long key) implements RandomDraw {}
}
