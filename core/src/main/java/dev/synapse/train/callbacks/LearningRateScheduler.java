package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import dev.synapse.train.TrainingContext;
import java.util.Map;

/**
 * Sets the learning rate at the start of each epoch from a function of the epoch and the current rate
 * ({@code keras.callbacks.LearningRateScheduler}).
 */
public final class LearningRateScheduler implements Callback {
    /** {@code (epoch, currentRate) -> newRate}. */
    @FunctionalInterface
    public interface Schedule {
        double rate(int epoch, double current);
    }

    private final Schedule schedule;
    private TrainingContext context;

    public LearningRateScheduler(Schedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochBegin(int epoch) {
        double rate = schedule.rate(epoch, context.optimizer().learningRate());
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException(
                    "LearningRateScheduler: the schedule returned " + rate + " at epoch " + epoch);
        }
        context.optimizer().setLearningRate(rate);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", context.optimizer().learningRate());
    }
}
