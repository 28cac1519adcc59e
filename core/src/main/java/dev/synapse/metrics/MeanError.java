package dev.synapse.metrics;

import dev.synapse.autograd.GradMode;
import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
    /** The sum of the errors, a float64 scalar on the predictions' device. */
    private @Nullable Tensor sum;

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
        try (var _ = GradMode.noGrad()) {
            // float32 values subtracted in float64, as the host loop over float arrays did.
            Tensor d = Host.flat(yPred).to(DType.FLOAT64).sub(Host.flat(yTrue).to(DType.FLOAT64));
            Tensor s = (kind == Kind.SQUARED ? d.square() : d.abs()).sum();
            sum = dev.synapse.tensor.MemoryScope.accumulate(sum, s);
        }
        count += yPred.size();
    }

    @Override
    public double result() {
        return count == 0 || sum == null ? Double.NaN : sum.item() / count;
    }

    @Override
    public List<Tensor> resultInputs() {
        return sum == null ? List.of() : List.of(sum);
    }

    @Override
    public double result(double[] inputs) {
        return count == 0 ? Double.NaN : inputs[0] / count;
    }

    @Override
    public void reset() {
        sum = null;
        count = 0;
    }

    @Override
    public Metric fresh() {
        return new MeanError(kind);
    }
}
