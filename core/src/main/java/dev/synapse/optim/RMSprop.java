package dev.synapse.optim;

import dev.synapse.tensor.Tensor;

/**
 * RMSprop ({@code keras.optimizers.RMSprop}, {@code torch.optim.RMSprop}):
 * {@code v = rho v + (1 - rho) g^2; w -= lr g / sqrt(v + epsilon)}; centered subtracts the square of a
 * running mean of g; momentum accumulates the increments.
 */
public final class RMSprop extends ConfiguredOptimizer<RMSprop.Options> {
    /** Keras defaults: 0.001, rho 0.9, no momentum, 1e-7, not centered. */
    public record Options(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
        public Options {
            HyperParameters.learningRate("RMSprop", learningRate);
            HyperParameters.fraction("RMSprop", "rho", rho);
            HyperParameters.nonNegative("RMSprop", "momentum", momentum);
            HyperParameters.nonNegative("RMSprop", "epsilon", epsilon);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.9, 0.0, 1e-7, false);
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
            denominator = v.sub(avg.square()).add(options.epsilon());
        } else {
            denominator = v.add(options.epsilon());
        }
        Tensor increment = g.mul(lr).div(denominator.sqrt());
        if (options.momentum() > 0) {
            Tensor m = slots[2];
            m.mulInPlace(options.momentum()).addInPlace(increment);
            w.subInPlace(m);
        } else {
            w.subInPlace(increment);
        }
    }
}
