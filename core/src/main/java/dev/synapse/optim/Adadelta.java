package dev.synapse.optim;

import dev.synapse.tensor.Tensor;

/**
 * Adadelta ({@code keras.optimizers.Adadelta}, {@code torch.optim.Adadelta}):
 * {@code Eg = rho Eg + (1-rho) g^2; d = -sqrt(Ed + eps) / sqrt(Eg + eps) * g; Ed = rho Ed + (1-rho) d^2;
 * w += lr d}.
 */
public final class Adadelta extends ConfiguredOptimizer<Adadelta.Options> {
    /** Keras defaults: 0.001, rho 0.95, 1e-7. */
    public record Options(double learningRate, double rho, double epsilon) {
        public Options {
            HyperParameters.learningRate("Adadelta", learningRate);
            HyperParameters.closedFraction("Adadelta", "rho", rho);
            HyperParameters.nonNegative("Adadelta", "epsilon", epsilon);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.95, 1e-7);
        }
    }

    /** Adadelta with Keras's defaults. */
    public Adadelta() {
        this(Options.defaults());
    }

    /** Adadelta with the given learning rate and Keras's other defaults. */
    public Adadelta(double learningRate) {
        this(new Options(learningRate, 0.95, 1e-7));
    }

    /** Adadelta with every option given. */
    public Adadelta(Options options) {
        super(options, options.learningRate());
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"accumulated_grad", "accumulated_delta"};
    }

    @Override
    protected void update(Tensor w, Tensor g, Tensor[] slots, double lr, long t) {
        double rho = options.rho();
        double eps = options.epsilon();
        Tensor eg = slots[0];
        Tensor ed = slots[1];
        eg.mulInPlace(rho).addInPlace(g.square().mul(1 - rho));
        Tensor delta = ed.add(eps).sqrt().div(eg.add(eps).sqrt()).mul(g).neg();
        ed.mulInPlace(rho).addInPlace(delta.square().mul(1 - rho));
        w.addInPlace(delta.mul(lr));
    }
}
