package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import dev.synapse.train.TrainingContext;
import java.util.Map;

/**
 * Stops training as soon as the loss becomes NaN or infinite ({@code keras.callbacks.TerminateOnNaN}),
 * saying at which batch: through {@link #reason()} and a warning on the JDK's {@code System.Logger}
 * (logger {@code dev.synapse.train.callbacks.TerminateOnNaN}).
 */
public final class TerminateOnNaN implements Callback {
    /** The callback ({@code keras.callbacks.TerminateOnNaN()}). */
    public TerminateOnNaN() {}

    private static final System.Logger LOG = System.getLogger(TerminateOnNaN.class.getName());
    private TrainingContext context;
    private String reason;

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite()) && !context.isStopping()) {
            reason = "batch " + batch + ": invalid loss " + loss + ", terminating training";
            LOG.log(System.Logger.Level.WARNING, reason);
            context.stopTraining();
        }
    }

    /** Why training was terminated, or null. */
    public String reason() {
        return reason;
    }
}
