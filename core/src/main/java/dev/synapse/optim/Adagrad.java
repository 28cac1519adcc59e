package dev.synapse.optim;

import dev.synapse.tensor.Tensor;

/**
 * Adagrad ({@code keras.optimizers.Adagrad}, {@code torch.optim.Adagrad}):
 * {@code acc += g^2; w -= lr g / sqrt(acc + epsilon)}.
 */
public final class Adagrad extends ConfiguredOptimizer<Adagrad.Options> {
    /** Keras defaults: 0.001, initial accumulator 0.1, 1e-7. */
    public record Options(double learningRate, double initialAccumulatorValue, double epsilon) {
        public Options {
            HyperParameters.learningRate("Adagrad", learningRate);
            HyperParameters.nonNegative("Adagrad", "initialAccumulatorValue", initialAccumulatorValue);
            HyperParameters.nonNegative("Adagrad", "epsilon", epsilon);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.1, 1e-7);
        }
    }

    /** Adagrad with Keras's defaults. */
    public Adagrad() {
        this(Options.defaults());
    }

    /** Adagrad with the given learning rate and Keras's other defaults. */
    public Adagrad(double learningRate) {
        this(new Options(learningRate, 0.1, 1e-7));
    }

    /** Adagrad with every option given. */
    public Adagrad(Options options) {
        super(options, options.learningRate());
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"accumulator"};
    }

    @Override
    protected double slotInitialValue(int index) {
        return options.initialAccumulatorValue();
    }

    @Override
    protected void update(Tensor w, Tensor g, Tensor[] slots, double lr, long t) {
        Tensor acc = slots[0];
        acc.addInPlace(g.square());
        w.subInPlace(g.mul(lr).div(acc.add(options.epsilon()).sqrt()));
    }
}
