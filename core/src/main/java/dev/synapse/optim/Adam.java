package dev.synapse.optim;

import dev.synapse.backend.FusedUpdate;
import dev.synapse.tensor.Tensor;

/**
 * Adam ({@code keras.optimizers.Adam}, {@code torch.optim.Adam}), with optional AMSGrad. Keras's
 * form: {@code m += (g - m)(1 - beta1); v += (g^2 - v)(1 - beta2);
 * w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)}.
 */
public class Adam extends ConfiguredOptimizer<Adam.Options> {
    /** Keras defaults: 0.001, 0.9, 0.999, 1e-7, no AMSGrad. */
    public record Options(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        public Options {
            HyperParameters.learningRate("Adam", learningRate);
            HyperParameters.fraction("Adam", "beta1", beta1);
            HyperParameters.fraction("Adam", "beta2", beta2);
            HyperParameters.nonNegative("Adam", "epsilon", epsilon);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.9, 0.999, 1e-7, false);
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
        if (fusedUpdate(new FusedUpdate.AdamStep(alpha, b1, b2, options.epsilon(), slots[0], slots[1], vhat), w, g)) {
            return;
        }
        updateComposed(w, g, slots, alpha);
    }

    /** The update written with tensor ops: the reference of the fused kernels, and the path for any tensor. */
    void updateComposed(Tensor w, Tensor g, Tensor[] slots, double alpha) {
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
        w.subInPlace(m.div(second.sqrt().add(options.epsilon())).mul(alpha));
    }
}
