package dev.synapse.optim;

/**
 * A learning rate that depends on the optimizer's step count, as
 * {@code keras.optimizers.schedules.LearningRateSchedule} or a PyTorch {@code LRScheduler}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for the update numbered {@code step} (0 for the first). */
    double at(long step);

    /** A constant rate. */
    static LearningRateSchedule constant(double rate) {
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
        return step -> {
            double p = (double) step / decaySteps;
            return initial * Math.pow(rate, staircase ? Math.floor(p) : p);
        };
    }

    /** {@code initial * gamma^floor(step / stepSize)} ({@code torch.optim.lr_scheduler.StepLR}). */
    static LearningRateSchedule stepDecay(double initial, long stepSize, double gamma) {
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
        return step -> {
            double p = Math.min(step, decaySteps) / (double) decaySteps;
            double cosine = 0.5 * (1 + Math.cos(Math.PI * p));
            return initial * ((1 - alpha) * cosine + alpha);
        };
    }
}
