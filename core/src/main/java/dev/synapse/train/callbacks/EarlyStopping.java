package dev.synapse.train.callbacks;

import dev.synapse.autograd.GradMode;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.CallbackStates;
import dev.synapse.train.Monitor;
import dev.synapse.train.TrainingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Stops training when a monitored metric has stopped improving ({@code keras.callbacks.EarlyStopping},
 * Lightning's {@code EarlyStopping}), optionally restoring the weights of the best epoch.
 */
public final class EarlyStopping implements Callback {
    /** Keras's arguments; defaults: val_loss, 0, patience 0, auto, no baseline, no restore. */
    public record Options(
            String monitor, double minDelta, int patience, Monitor mode, Double baseline, boolean restoreBestWeights) {
        public Options {
            if (patience < 0) {
                throw new IllegalArgumentException("EarlyStopping: patience must not be negative, got " + patience);
            }
        }
    }

    private static final String BEST_WEIGHTS = "best_weights.";
    private static final Set<String> KEYS = Set.of("best", "wait", "best_epoch", "stopped_epoch");

    private final Options options;
    private final Monitor mode;
    private TrainingContext context;
    private double best;
    private int wait;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /** Stops after {@code patience} epochs without improvement of {@code monitor}. */
    public EarlyStopping(String monitor, int patience) {
        this(new Options(monitor, 0, patience, Monitor.AUTO, null, false));
    }

    /** Like {@link #EarlyStopping(String, int)}, restoring the best weights at the end when asked. */
    public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
        this(new Options(monitor, 0, patience, Monitor.AUTO, null, restoreBestWeights));
    }

    public EarlyStopping(Options options) {
        this.options = options;
        this.mode = options.mode().resolve(options.monitor());
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onTrainBegin() {
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
        best = options.baseline() != null ? options.baseline() : mode.worst();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = logs.get(options.monitor());
        if (value == null) {
            throw new IllegalStateException("EarlyStopping: metric '" + options.monitor() + "' is not available; "
                    + "available: " + logs.keySet() + " (val_ metrics need validation data)");
        }
        wait++;
        if (mode.improves(value, best, options.minDelta()) || (bestEpoch < 0 && options.baseline() == null)) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (options.restoreBestWeights()) {
                bestWeights = snapshot();
            }
            return;
        }
        if (wait >= options.patience() && epoch > 0) {
            stoppedEpoch = epoch;
            context.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (options.restoreBestWeights() && bestWeights != null) {
            try (var _ = GradMode.noGrad()) {
                Map<String, Tensor> current = context.namedWeights();
                for (Map.Entry<String, Tensor> e : bestWeights.entrySet()) {
                    current.get(e.getKey()).assign(e.getValue());
                }
            }
        }
    }

    private Map<String, Tensor> snapshot() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : context.namedWeights().entrySet()) {
            copy.put(e.getKey(), e.getValue().detach().copy());
        }
        return copy;
    }

    /** Best value, wait count and best epoch (and the best weights when restoring them), for resuming. */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", Double.toString(best));
        m.put("wait", wait);
        m.put("best_epoch", bestEpoch);
        m.put("stopped_epoch", stoppedEpoch);
        if (bestWeights != null) {
            bestWeights.forEach((k, t) -> m.put(BEST_WEIGHTS + k, t));
        }
        return m;
    }

    /** Checks a saved state against this callback and the model's weights, changing nothing. */
    @Override
    public void checkStateDict(Map<String, Object> state) {
        parse(state);
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        Saved s = parse(state);
        best = s.best();
        wait = s.waited();
        bestEpoch = s.bestEpoch();
        stoppedEpoch = s.stoppedEpoch();
        bestWeights = s.bestWeights().isEmpty() ? null : copies(s.bestWeights());
    }

    private record Saved(double best, int waited, int bestEpoch, int stoppedEpoch, Map<String, Tensor> bestWeights) {}

    /** The state's values, each checked; best weights must match the live weights' names, shapes and dtypes. */
    private Saved parse(Map<String, Object> state) {
        String owner = "EarlyStopping";
        CallbackStates.onlyKeys(state, KEYS, BEST_WEIGHTS, owner);
        Map<String, Tensor> live = context == null ? null : context.namedWeights();
        if (live == null && state.keySet().stream().anyMatch(k -> k.startsWith(BEST_WEIGHTS))) {
            throw new IllegalStateException(owner + ": best weights can be loaded only once the trainer has set the "
                    + "context (they are checked against the model's weights)");
        }
        return new Saved(
                CallbackStates.number(state, "best", owner),
                CallbackStates.integer(state, "wait", 0, Integer.MAX_VALUE, owner),
                CallbackStates.integer(state, "best_epoch", -1, Integer.MAX_VALUE, owner),
                CallbackStates.integer(state, "stopped_epoch", -1, Integer.MAX_VALUE, owner),
                CallbackStates.weights(state, BEST_WEIGHTS, live == null ? Map.of() : live, owner));
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> weights) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        weights.forEach((k, t) -> out.put(k, t.detach().copy()));
        return out;
    }

    /** The epoch (0-based) at which training was stopped, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (0-based) with the best monitored value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
