package dev.synapse.optim;

/**
 * A learning rate that depends on the optimizer's step count, as
 * {@code keras.optimizers.schedules.LearningRateSchedule} or a PyTorch {@code LRScheduler}. The
 * factories here refuse negative, NaN or infinite rates when the schedule is made; the optimizer
 * checks each rate a schedule of your own gives when it uses it.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for the update numbered {@code step} (0 for the first). */
    double at(long step);

    /** A constant rate. */
    static LearningRateSchedule constant(double rate) {
        HyperParameters.learningRate("constant schedule", rate);
        return step -> rate;
    }

    /**
     * {@code initial * rate^(step / decaySteps)}, with an integer exponent when {@code staircase}
     * ({@code keras.optimizers.schedules.ExponentialDecay}).
     */
    static LearningRateSchedule exponentialDecay(double initial, long decaySteps, double rate, boolean staircase) {
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("exponentialDecay: decaySteps must be positive, got " + decaySteps);
        }
        HyperParameters.learningRate("exponentialDecay", initial);
        HyperParameters.nonNegative("exponentialDecay", "rate", rate);
        return step -> {
            double p = (double) step / decaySteps;
            return initial * Math.pow(rate, staircase ? Math.floor(p) : p);
        };
    }

    /** {@code initial * gamma^floor(step / stepSize)} ({@code torch.optim.lr_scheduler.StepLR}). */
    static LearningRateSchedule stepDecay(double initial, long stepSize, double gamma) {
        HyperParameters.nonNegative("stepDecay", "gamma", gamma);
        return exponentialDecay(initial, stepSize, gamma, true);
    }

    /**
     * Cosine decay from {@code initial} to {@code initial * alpha} over {@code decaySteps}, then flat
     * ({@code keras.optimizers.schedules.CosineDecay}, {@code CosineAnnealingLR}).
     */
    static LearningRateSchedule cosineDecay(double initial, long decaySteps, double alpha) {
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("cosineDecay: decaySteps must be positive, got " + decaySteps);
        }
        HyperParameters.learningRate("cosineDecay", initial);
        HyperParameters.closedFraction("cosineDecay", "alpha", alpha);
        return step -> {
            double p = Math.min(step, decaySteps) / (double) decaySteps;
            double cosine = 0.5 * (1 + Math.cos(Math.PI * p));
            return initial * ((1 - alpha) * cosine + alpha);
        };
    }
}
