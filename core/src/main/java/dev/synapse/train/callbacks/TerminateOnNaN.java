package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import dev.synapse.train.TrainingContext;
import java.util.Map;

/**
 * Stops training as soon as the loss becomes NaN or infinite ({@code keras.callbacks.TerminateOnNaN}),
 * saying at which batch.
 */
public final class TerminateOnNaN implements Callback {
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
            System.err.println(reason);
            context.stopTraining();
        }
    }

    /** Why training was terminated, or null. */
    public String reason() {
        return reason;
    }
}
