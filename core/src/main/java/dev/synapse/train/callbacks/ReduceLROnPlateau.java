package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import dev.synapse.train.Monitor;
import dev.synapse.train.TrainingContext;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a metric has not improved for {@code patience}
 * epochs ({@code keras.callbacks.ReduceLROnPlateau}, {@code torch.optim.lr_scheduler.ReduceLROnPlateau}).
 */
public final class ReduceLROnPlateau implements Callback {
    /** Keras's arguments; defaults: val_loss, 0.1, 10, auto, 1e-4, cooldown 0, minLr 0. */
    public record Options(String monitor, double factor, int patience, Monitor mode, double minDelta, int cooldown,
                          double minLr) {
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

    @Override
    public void loadStateDict(Map<String, Object> state) {
        best = Double.parseDouble((String) state.get("best"));
        wait = Math.toIntExact((Long) state.get("wait"));
        cooldownLeft = Math.toIntExact((Long) state.get("cooldown_left"));
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
