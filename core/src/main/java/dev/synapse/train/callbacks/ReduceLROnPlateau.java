package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import dev.synapse.train.CallbackStates;
import dev.synapse.train.Monitor;
import dev.synapse.train.TrainingContext;
import java.util.Map;
import java.util.Set;

/**
 * Multiplies the learning rate by {@code factor} when a metric has not improved for {@code patience}
 * epochs ({@code keras.callbacks.ReduceLROnPlateau}, {@code torch.optim.lr_scheduler.ReduceLROnPlateau}).
 */
public final class ReduceLROnPlateau implements Callback {
    /** Keras's arguments; defaults: val_loss, 0.1, 10, auto, 1e-4, cooldown 0, minLr 0. */
    public record Options(
            String monitor, double factor, int patience, Monitor mode, double minDelta, int cooldown, double minLr) {
        public Options {
            if (factor >= 1.0 || factor <= 0) {
                throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
            }
        }
    }

    private final Options options;
    private final Monitor mode;
    private TrainingContext context;
    private double best;
    private int wait;
    private int cooldownLeft;

    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        this(new Options(monitor, factor, patience, Monitor.AUTO, 1e-4, 0, 0.0));
    }

    public ReduceLROnPlateau(Options options) {
        this.options = options;
        this.mode = options.mode().resolve(options.monitor());
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onTrainBegin() {
        best = mode.worst();
        wait = 0;
        cooldownLeft = 0;
    }

    /** Best value, wait and cooldown counters, for resuming. */
    @Override
    public Map<String, Object> stateDict() {
        return Map.of("best", Double.toString(best), "wait", wait, "cooldown_left", cooldownLeft);
    }

    /** Checks a saved state's entries and values, changing nothing. */
    @Override
    public void checkStateDict(Map<String, Object> state) {
        read(state);
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        double[] v = read(state);
        best = v[0];
        wait = (int) v[1];
        cooldownLeft = (int) v[2];
    }

    /** Best value, wait and cooldown counters of a saved state, each checked. */
    private static double[] read(Map<String, Object> state) {
        String owner = "ReduceLROnPlateau";
        CallbackStates.onlyKeys(state, Set.of("best", "wait", "cooldown_left"), null, owner);
        return new double[] {
            CallbackStates.number(state, "best", owner),
            CallbackStates.integer(state, "wait", 0, Integer.MAX_VALUE, owner),
            CallbackStates.integer(state, "cooldown_left", 0, Integer.MAX_VALUE, owner)
        };
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = logs.get(options.monitor());
        if (value == null) {
            throw new IllegalStateException("ReduceLROnPlateau: metric '" + options.monitor() + "' is not available; "
                    + "available: " + logs.keySet());
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (mode.improves(value, best, options.minDelta())) {
            best = value;
            wait = 0;
        } else if (cooldownLeft == 0 && ++wait >= options.patience()) {
            double lr = context.optimizer().learningRate();
            double reduced = Math.max(lr * options.factor(), options.minLr());
            if (reduced < lr) {
                context.optimizer().setLearningRate(reduced);
            }
            cooldownLeft = options.cooldown();
            wait = 0;
        }
        logs.put("learning_rate", context.optimizer().learningRate());
    }
}
