package dev.synapse.optim;

import dev.synapse.tensor.Tensor;

/**
 * Adagrad ({@code keras.optimizers.Adagrad}, {@code torch.optim.Adagrad}):
 * {@code acc += g^2; w -= lr g / sqrt(acc + epsilon)}, Keras's epsilon inside the square root;
 * {@link Options#torchEpsilon()} puts it outside, {@code w -= lr g / (sqrt(acc) + epsilon)}, as PyTorch
 * (without its {@code lr_decay}).
 */
public final class Adagrad extends ConfiguredOptimizer<Adagrad.Options> {
    /**
     * Keras defaults: 0.001, initial accumulator 0.1, 1e-7, epsilon inside the square root.
     *
     * @param torchEpsilon {@code true}: {@code sqrt(acc) + epsilon} as {@code torch.optim.Adagrad};
     *     {@code false}: {@code sqrt(acc + epsilon)} as Keras
     */
    public record Options(double learningRate, double initialAccumulatorValue, double epsilon, boolean torchEpsilon) {
        public Options {
            HyperParameters.learningRate("Adagrad", learningRate);
            HyperParameters.nonNegative("Adagrad", "initialAccumulatorValue", initialAccumulatorValue);
            HyperParameters.nonNegative("Adagrad", "epsilon", epsilon);
        }

        /** Keras's epsilon placement. */
        public Options(double learningRate, double initialAccumulatorValue, double epsilon) {
            this(learningRate, initialAccumulatorValue, epsilon, false);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.1, 1e-7);
        }

        /**
         * {@code torch.optim.Adagrad}'s defaults: lr 0.01, initial accumulator 0, eps 1e-10, PyTorch's epsilon
         * placement.
         */
        public static Options torchDefaults() {
            return new Options(0.01, 0.0, 1e-10, true);
        }

        /** These options with PyTorch's epsilon placement ({@code true}) or Keras's. */
        public Options withTorchEpsilon(boolean torch) {
            return new Options(learningRate, initialAccumulatorValue, epsilon, torch);
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
        Tensor denominator = options.torchEpsilon()
                ? acc.sqrt().add(options.epsilon())
                : acc.add(options.epsilon()).sqrt();
        w.subInPlace(g.mul(lr).div(denominator));
    }
}
