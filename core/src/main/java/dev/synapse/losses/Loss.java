package dev.synapse.losses;

import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/**
 * A training objective ({@code keras.losses.Loss}, {@code torch.nn} loss modules). Subclasses give
 * the per-sample loss; {@link #call} reduces it as Keras does: by default the mean over the batch
 * ({@code "sum_over_batch_size"}), optionally weighted per sample.
 */
public abstract class Loss {
    /** How per-sample losses become the returned value. */
    public enum Reduction {
        /** Mean over samples (Keras's default {@code sum_over_batch_size}). */
        SUM_OVER_BATCH_SIZE,
        /** Sum over samples. */
        SUM,
        /** The per-sample losses themselves. */
        NONE
    }

    private final String name;
    private final Reduction reduction;

    protected Loss(String name, Reduction reduction) {
        this.name = name;
        this.reduction = reduction;
    }

    /** The Keras name, e.g. {@code "categorical_crossentropy"}. */
    public String name() {
        return name;
    }

    /**
     * The loss's config as Keras's {@code get_config()}: its name, reduction and options
     * ({@code from_logits}, {@code label_smoothing}, {@code delta}); {@link Losses#fromConfig} rebuilds it.
     */
    public final java.util.Map<String, Object> getConfig() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("reduction", reduction.name().toLowerCase(java.util.Locale.ROOT));
        options(m);
        return m;
    }

    /** Adds this loss's options to its config. */
    protected void options(java.util.Map<String, Object> config) {}

    /** The reduction applied by {@link #call}. */
    public Reduction reduction() {
        return reduction;
    }

    /** The loss of each sample: a tensor with {@code yPred}'s shape minus the last axis. */
    public abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    /** The reduced loss of a batch. */
    public Tensor call(Tensor yTrue, Tensor yPred) {
        OpSupport.sameDevice(name, yTrue, yPred);
        return reduce(perSample(float32IfHalf(yTrue), float32IfHalf(yPred)));
    }

    /** Losses compute in float32 under mixed precision, as Keras casts predictions before a loss. */
    private static Tensor float32IfHalf(Tensor t) {
        return t.dtype().isHalf() ? t.to(DType.FLOAT32) : t;
    }

    /**
     * The reduced loss with a weight per sample ({@code sample_weight}, used by {@code classWeight});
     * as Keras, the weighted sum is divided by the number of samples, not by the weights' sum.
     */
    public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        OpSupport.sameDevice(name, yTrue, yPred);
        if (sampleWeight != null) {
            OpSupport.sameDevice(name + " (sample weights)", yPred, sampleWeight);
        }
        Tensor per = perSample(float32IfHalf(yTrue), float32IfHalf(yPred));
        if (sampleWeight == null) {
            return reduce(per);
        }
        if (sampleWeight.size() != per.size()) {
            throw new IllegalArgumentException(name + ": " + sampleWeight.size() + " sample weights for " + per.size()
                    + " samples (per-sample loss shape " + per.shape() + ")");
        }
        return reduce(per.mul(sampleWeight.reshape(per.dims()).to(per.dtype())));
    }

    private Tensor reduce(Tensor per) {
        return switch (reduction) {
            case SUM_OVER_BATCH_SIZE -> per.mean();
            case SUM -> per.sum();
            case NONE -> per;
        };
    }

    /** Fails, naming the loss, when labels and predictions cannot be compared elementwise. */
    protected void requireSameShape(Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape())) {
            String hint = yTrue.rank() == yPred.rank() - 1
                    ? "; integer class labels need sparse_categorical_crossentropy, or one-hot encode them"
                    : "";
            throw new IllegalArgumentException(name + ": labels of shape " + yTrue.shape()
                    + " do not match predictions of shape " + yPred.shape() + hint);
        }
    }

    /** Labels as floats of the predictions' dtype. */
    protected static Tensor asFloat(Tensor yTrue, Tensor yPred) {
        return yTrue.dtype() == yPred.dtype() ? yTrue : yTrue.to(yPred.dtype());
    }

    @Override
    public String toString() {
        return name;
    }
}
