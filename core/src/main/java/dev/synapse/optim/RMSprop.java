package dev.synapse.optim;

import dev.synapse.tensor.Tensor;

/**
 * RMSprop ({@code keras.optimizers.RMSprop}, {@code torch.optim.RMSprop}):
 * {@code v = rho v + (1 - rho) g^2; w -= lr g / sqrt(v + epsilon)}; centered subtracts the square of a
 * running mean of g; momentum accumulates the increments. That is Keras's epsilon, inside the square root;
 * {@link Options#torchEpsilon()} puts it outside, {@code w -= lr g / (sqrt(v) + epsilon)}, as PyTorch (whose
 * {@code alpha} is {@code rho} here).
 */
public final class RMSprop extends ConfiguredOptimizer<RMSprop.Options> {
    /**
     * Keras defaults: 0.001, rho 0.9, no momentum, 1e-7, not centered, epsilon inside the square root.
     *
     * @param torchEpsilon {@code true}: {@code sqrt(v) + epsilon} as {@code torch.optim.RMSprop};
     *     {@code false}: {@code sqrt(v + epsilon)} as Keras
     */
    public record Options(
            double learningRate, double rho, double momentum, double epsilon, boolean centered, boolean torchEpsilon) {
        public Options {
            HyperParameters.learningRate("RMSprop", learningRate);
            HyperParameters.fraction("RMSprop", "rho", rho);
            HyperParameters.nonNegative("RMSprop", "momentum", momentum);
            HyperParameters.nonNegative("RMSprop", "epsilon", epsilon);
        }

        /** Keras's epsilon placement. */
        public Options(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
            this(learningRate, rho, momentum, epsilon, centered, false);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.9, 0.0, 1e-7, false);
        }

        /**
         * {@code torch.optim.RMSprop}'s defaults: lr 0.01, alpha 0.99, eps 1e-8, no momentum, not centered,
         * PyTorch's epsilon placement.
         */
        public static Options torchDefaults() {
            return new Options(0.01, 0.99, 0.0, 1e-8, false, true);
        }

        /** These options with PyTorch's epsilon placement ({@code true}) or Keras's. */
        public Options withTorchEpsilon(boolean torch) {
            return new Options(learningRate, rho, momentum, epsilon, centered, torch);
        }
    }

    /** RMSprop with Keras's defaults. */
    public RMSprop() {
        this(Options.defaults());
    }

    /** RMSprop with the given learning rate and Keras's other defaults. */
    public RMSprop(double learningRate) {
        this(new Options(learningRate, 0.9, 0.0, 1e-7, false));
    }

    /** RMSprop with every option given. */
    public RMSprop(Options options) {
        super(options, options.learningRate());
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"velocity", "average_gradient", "momentum"};
    }

    @Override
    protected void update(Tensor w, Tensor g, Tensor[] slots, double lr, long t) {
        double rho = options.rho();
        Tensor v = slots[0];
        v.mulInPlace(rho).addInPlace(g.square().mul(1 - rho));
        Tensor denominator;
        if (options.centered()) {
            Tensor avg = slots[1];
            avg.mulInPlace(rho).addInPlace(g.mul(1 - rho));
            denominator = v.sub(avg.square());
        } else {
            denominator = v;
        }
        denominator = options.torchEpsilon()
                ? denominator.sqrt().add(options.epsilon())
                : denominator.add(options.epsilon()).sqrt();
        Tensor increment = g.mul(lr).div(denominator);
        if (options.momentum() > 0) {
            Tensor m = slots[2];
            m.mulInPlace(options.momentum()).addInPlace(increment);
            w.subInPlace(m);
        } else {
            w.subInPlace(increment);
        }
    }
}
