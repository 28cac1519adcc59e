package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/**
 * Quadratic for errors up to {@code delta}, linear beyond: {@code 0.5 e^2} or {@code delta (|e| - delta/2)},
 * averaged over the last axis ({@code keras.losses.Huber}, {@code nn.HuberLoss}).
 */
public final class Huber extends Loss {
    private final double delta;

    /** Keras's default delta 1.0. */
    public Huber() {
        this(1.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public Huber(double delta, Reduction reduction) {
        super("huber", reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    protected void options(java.util.Map<String, Object> config) {
        config.put("delta", delta);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        requireSameShape(yTrue, yPred);
        Tensor abs = yPred.sub(asFloat(yTrue, yPred)).abs();
        Tensor quadratic = abs.clamp(0, delta);
        Tensor linear = abs.sub(quadratic);
        // 0.5 q^2 + delta * l equals both branches: l = 0 inside delta, q = delta outside.
        return quadratic.square().mul(0.5).add(linear.mul(delta)).mean(-1);
    }
}
