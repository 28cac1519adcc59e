package dev.synapse.optim;

import dev.synapse.backend.FusedUpdate;
import dev.synapse.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum and Nesterov momentum
 * ({@code keras.optimizers.SGD}, {@code torch.optim.SGD}). Keras's update:
 * {@code v = momentum * v - lr * g; w += v} (Nesterov: {@code w += momentum * v - lr * g}).
 */
public final class SGD extends ConfiguredOptimizer<SGD.Options> {
    /** Keras defaults: learning rate 0.01, no momentum. */
    public record Options(double learningRate, double momentum, boolean nesterov) {
        public Options {
            HyperParameters.learningRate("SGD", learningRate);
            HyperParameters.fraction("SGD", "momentum", momentum);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.01, 0.0, false);
        }
    }

    /** SGD with Keras's defaults. */
    public SGD() {
        this(Options.defaults());
    }

    /** Plain SGD with the given learning rate. */
    public SGD(double learningRate) {
        this(new Options(learningRate, 0.0, false));
    }

    /** SGD with momentum, optionally Nesterov's. */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        this(new Options(learningRate, momentum, nesterov));
    }

    /** SGD with every option given. */
    public SGD(Options options) {
        super(options, options.learningRate());
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"momentum"};
    }

    @Override
    protected void update(Tensor w, Tensor g, Tensor[] slots, double lr, long t) {
        double mu = options.momentum();
        if (mu == 0) {
            w.subInPlace(g.mul(lr));
            return;
        }
        if (fusedUpdate(new FusedUpdate.SgdMomentumStep(lr, mu, options.nesterov(), slots[0]), w, g)) {
            return;
        }
        updateComposed(w, g, slots, lr);
    }

    /** The momentum update written with tensor ops: the reference of the fused kernels, and the path for any tensor. */
    void updateComposed(Tensor w, Tensor g, Tensor[] slots, double lr) {
        double mu = options.momentum();
        Tensor v = slots[0];
        v.mulInPlace(mu).subInPlace(g.mul(lr));
        if (options.nesterov()) {
            w.addInPlace(v.mul(mu).sub(g.mul(lr)));
        } else {
            w.addInPlace(v);
        }
    }
}
