package dev.synapse.metrics;

import dev.synapse.tensor.Tensor;
import java.util.List;

/**
 * A metric accumulated over a whole epoch ({@code keras.metrics.Metric}, torchmetrics): computed on
 * all predictions seen since {@link #reset()}, not averaged per batch. The built-in metrics keep their
 * counts and sums as tensors on the predictions' device and read them only in {@link #result()}, so that
 * a training step reads nothing back.
 */
public interface Metric {
    /** The Keras name it is reported under, e.g. {@code "accuracy"} ({@code "val_accuracy"} for validation). */
    String name();

    /** Adds one batch of labels and predictions ({@code update_state}). */
    void update(Tensor yTrue, Tensor yPred);

    /** The value over everything seen since the last reset ({@code result()}); NaN before any update. */
    double result();

    /**
     * The device tensors {@link #result()} reads, for a caller that reads several metrics with one host read and
     * then calls {@link #result(double[])}; empty when the result needs no device value or reads its own.
     */
    default List<Tensor> resultInputs() {
        return List.of();
    }

    /** The result from the values of {@link #resultInputs()}, read to the host in order; {@link #result()} by default. */
    default double result(double[] inputs) {
        return result();
    }

    /** Forgets everything seen ({@code reset_state}). */
    void reset();

    /** A new metric of the same kind and settings with no state (for the validation copy). */
    Metric fresh();
}
