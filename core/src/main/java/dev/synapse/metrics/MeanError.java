package dev.synapse.metrics;

import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.Tensor;

/**
 * Mean squared or absolute error over every element of the epoch ({@code keras.metrics.MeanSquaredError},
 * {@code MeanAbsoluteError}).
 */
public final class MeanError implements Metric {
    /** Squared or absolute. */
    public enum Kind {
        SQUARED,
        ABSOLUTE
    }

    private final Kind kind;
    private double sum;
    private long count;

    /** Keras's {@code "mse"}. */
    public static MeanError squared() {
        return new MeanError(Kind.SQUARED);
    }

    /** Keras's {@code "mae"}. */
    public static MeanError absolute() {
        return new MeanError(Kind.ABSOLUTE);
    }

    public MeanError(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return kind == Kind.SQUARED ? "mse" : "mae";
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred) {
        OpSupport.sameDevice(name(), yTrue, yPred);
        Host.sameSize(name(), yTrue, yPred);
        float[] p = yPred.toFloatArray();
        float[] t = yTrue.toFloatArray();
        for (int i = 0; i < p.length; i++) {
            double d = (double) p[i] - t[i];
            sum += kind == Kind.SQUARED ? d * d : Math.abs(d);
        }
        count += p.length;
    }

    @Override
    public double result() {
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public Metric fresh() {
        return new MeanError(kind);
    }
}
