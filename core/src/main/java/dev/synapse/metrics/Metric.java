package dev.synapse.metrics;

import dev.synapse.tensor.Tensor;

/**
 * A metric accumulated over a whole epoch ({@code keras.metrics.Metric}, torchmetrics): computed on
 * all predictions seen since {@link #reset()}, not averaged per batch. Values are read to the host,
 * so metrics work whatever the device.
 */
public interface Metric {
    /** The Keras name it is reported under, e.g. {@code "accuracy"} ({@code "val_accuracy"} for validation). */
    String name();

    /** Adds one batch of labels and predictions ({@code update_state}). */
    void update(Tensor yTrue, Tensor yPred);

    /** The value over everything seen since the last reset ({@code result()}); NaN before any update. */
    double result();

    /** Forgets everything seen ({@code reset_state}). */
    void reset();

    /** A new metric of the same kind and settings with no state (for the validation copy). */
    Metric fresh();
}
