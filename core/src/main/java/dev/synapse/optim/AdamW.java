package dev.synapse.optim;

/**
 * Adam with decoupled weight decay ({@code keras.optimizers.AdamW}, {@code torch.optim.AdamW}):
 * before each Adam step, {@code w -= lr * weightDecay * w}. Keras's default decay is 0.004.
 */
public final class AdamW extends Adam {
    /** AdamW with Keras's defaults (learning rate 0.001, weight decay 0.004). */
    public AdamW() {
        this(Options.defaults(), 0.004);
    }

    /** AdamW with the given learning rate and weight decay. */
    public AdamW(double learningRate, double weightDecay) {
        this(new Options(HyperParameters.learningRate("AdamW", learningRate), 0.9, 0.999, 1e-7, false), weightDecay);
    }

    public AdamW(Options options, double weightDecay) {
        super(options);
        HyperParameters.nonNegative("AdamW", "weightDecay", weightDecay);
        withCommon(new Common(0, 0, 0, weightDecay));
    }

    @Override
    public String name() {
        return "adamw";
    }
}
