package dev.synapse.optim;

import dev.synapse.backend.FusedUpdate;
import dev.synapse.tensor.Tensor;

/**
 * Adam ({@code keras.optimizers.Adam}, {@code torch.optim.Adam}), with optional AMSGrad. Keras's
 * form: {@code m += (g - m)(1 - beta1); v += (g^2 - v)(1 - beta2);
 * w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)}.
 *
 * <p>Where epsilon goes differs: Keras adds it to {@code sqrt(v)} before the bias corrections, which is
 * {@code m̂ / (sqrt(v̂) + epsilon / sqrt(1 - beta2^t))} with the bias-corrected {@code m̂, v̂}; PyTorch adds it
 * after them, {@code w -= lr * m̂ / (sqrt(v̂) + epsilon)}. {@link Options#torchEpsilon()} picks PyTorch's, so a
 * port follows PyTorch's trajectory to float64 rounding rather than to about epsilon.
 */
public class Adam extends ConfiguredOptimizer<Adam.Options> {
    /**
     * Keras defaults: 0.001, 0.9, 0.999, 1e-7, no AMSGrad, Keras's epsilon placement.
     *
     * @param torchEpsilon {@code true}: epsilon is added to {@code sqrt(v̂)} after the bias correction, as
     *     {@code torch.optim.Adam}/{@code AdamW} (with {@code amsgrad=True} too); {@code false}: Keras's placement
     */
    public record Options(
            double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad, boolean torchEpsilon) {
        public Options {
            HyperParameters.learningRate("Adam", learningRate);
            HyperParameters.fraction("Adam", "beta1", beta1);
            HyperParameters.fraction("Adam", "beta2", beta2);
            HyperParameters.nonNegative("Adam", "epsilon", epsilon);
        }

        /** Keras's epsilon placement. */
        public Options(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
            this(learningRate, beta1, beta2, epsilon, amsgrad, false);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.9, 0.999, 1e-7, false);
        }

        /**
         * {@code torch.optim.Adam}'s defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, no AMSGrad, PyTorch's
         * epsilon placement.
         */
        public static Options torchDefaults() {
            return new Options(0.001, 0.9, 0.999, 1e-8, false, true);
        }

        /** These options with PyTorch's epsilon placement ({@code true}) or Keras's. */
        public Options withTorchEpsilon(boolean torch) {
            return new Options(learningRate, beta1, beta2, epsilon, amsgrad, torch);
        }

        /**
         * The epsilon added to {@code sqrt(v)} (not bias-corrected) at step {@code t}: PyTorch's
         * {@code sqrt(v̂) + eps} is {@code (sqrt(v) + eps * sqrt(1 - beta2^t)) / sqrt(1 - beta2^t)}.
         */
        double epsilonAt(long t) {
            return torchEpsilon ? epsilon * Math.sqrt(1 - Math.pow(beta2, t)) : epsilon;
        }
    }

    /** Adam with Keras's defaults. */
    public Adam() {
        this(Options.defaults());
    }

    /** Adam with the given learning rate and Keras's other defaults. */
    public Adam(double learningRate) {
        this(new Options(learningRate, 0.9, 0.999, 1e-7, false));
    }

    /** Adam with every option given. */
    public Adam(Options options) {
        super(options, options.learningRate());
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    protected String[] slotNames() {
        return options.amsgrad() ? new String[] {"m", "v", "vhat"} : new String[] {"m", "v"};
    }

    @Override
    protected void update(Tensor w, Tensor g, Tensor[] slots, double lr, long t) {
        double b1 = options.beta1();
        double b2 = options.beta2();
        double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        Tensor vhat = options.amsgrad() ? slots[2] : null;
        double eps = options.epsilonAt(t);
        if (fusedUpdate(new FusedUpdate.AdamStep(alpha, b1, b2, eps, slots[0], slots[1], vhat), w, g)) {
            return;
        }
        updateComposed(w, g, slots, alpha, eps);
    }

    /** The update written with tensor ops: the reference of the fused kernels, and the path for any tensor. */
    void updateComposed(Tensor w, Tensor g, Tensor[] slots, double alpha, double eps) {
        double b1 = options.beta1();
        double b2 = options.beta2();
        Tensor m = slots[0];
        Tensor v = slots[1];
        m.addInPlace(g.sub(m).mul(1 - b1));
        v.addInPlace(g.square().sub(v).mul(1 - b2));
        Tensor second = v;
        if (options.amsgrad()) {
            slots[2].assign(slots[2].maximum(v));
            second = slots[2];
        }
        w.subInPlace(m.div(second.sqrt().add(eps)).mul(alpha));
    }
}
