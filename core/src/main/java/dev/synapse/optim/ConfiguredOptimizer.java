package dev.synapse.optim;

/**
 * An optimizer made from one settings record, its {@code Options}, whose learning rate is the constant
 * schedule it starts with (as a float {@code learning_rate} in Keras).
 *
 * @param <O> the optimizer's settings record
 */
abstract class ConfiguredOptimizer<O> extends Optimizer {
    final O options;

    ConfiguredOptimizer(O options, double learningRate) {
        super(LearningRateSchedule.constant(learningRate));
        this.options = options;
    }

    /** The settings this optimizer was made with (saved with compiled models). */
    public O options() {
        return options;
    }
}
