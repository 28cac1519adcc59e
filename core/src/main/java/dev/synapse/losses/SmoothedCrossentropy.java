package dev.synapse.losses;

import dev.synapse.tensor.Tensor;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * What the binary and categorical cross-entropies share: Keras's {@code from_logits} and
 * {@code label_smoothing} options and the smoothing itself, {@code y * (1 - s) + s / classes}.
 */
abstract class SmoothedCrossentropy extends Loss {
    final boolean fromLogits;
    final double labelSmoothing;

    SmoothedCrossentropy(String name, boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super(name, reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(name + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    protected void options(Map<String, Object> config) {
        config.put("from_logits", fromLogits);
        config.put("label_smoothing", labelSmoothing);
    }

    /**
     * The labels as floats of the prediction's dtype, smoothed over {@code classes} classes (read only when
     * smoothing, after the shapes are checked).
     */
    Tensor smoothedLabels(Tensor yTrue, Tensor yPred, IntSupplier classes) {
        requireSameShape(yTrue, yPred);
        Tensor y = asFloat(yTrue, yPred);
        return labelSmoothing > 0 ? y.mul(1 - labelSmoothing).add(labelSmoothing / classes.getAsInt()) : y;
    }
}
