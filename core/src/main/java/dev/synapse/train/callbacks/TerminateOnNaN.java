package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import dev.synapse.train.StepLogs;
import dev.synapse.train.TrainingContext;
import java.util.Map;

/**
 * Stops training as soon as the loss becomes NaN or infinite ({@code keras.callbacks.TerminateOnNaN}),
 * saying at which batch: through {@link #reason()} and a warning on the JDK's {@code System.Logger}
 * (logger {@code dev.synapse.train.callbacks.TerminateOnNaN}).
 *
 * <p>The batch comes from a flag kept beside the loss on its device ({@link StepLogs#firstNonFinite}). Where
 * reading it costs a host synchronisation (the loss lives on a device other than the CPU) it is looked at only
 * once the logs have been read anyway, when the progress bar redraws and at the epoch's end, so training stops
 * there; on the CPU it is looked at after every batch.
 */
public final class TerminateOnNaN implements Callback {
    /** The callback ({@code keras.callbacks.TerminateOnNaN()}). */
    public TerminateOnNaN() {}

    private static final System.Logger LOG = System.getLogger(TerminateOnNaN.class.getName());
    private TrainingContext context;
    private String reason;
    /** The last batch's logs, not read yet: the epoch's end reads them. */
    private StepLogs unread;

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochBegin(int epoch) {
        unread = null;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (logs instanceof StepLogs s) {
            if (!s.isRead() && !s.isOnHost()) {
                unread = s;
                return;
            }
            unread = null;
            int first = s.firstNonFinite("loss");
            if (first >= 0) {
                stop(first, s.get("loss"));
            }
            return;
        }
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            stop(batch, loss);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        // The trainer has read the last batch's logs for the epoch's results: looking costs nothing now.
        if (unread != null) {
            int first = unread.firstNonFinite("loss");
            unread = null;
            if (first >= 0) {
                stop(first, logs.get("loss"));
            }
        }
    }

    private void stop(int batch, Double loss) {
        if (context.isStopping()) {
            return;
        }
        reason = "batch " + batch + ": invalid loss " + loss + ", terminating training";
        LOG.log(System.Logger.Level.WARNING, reason);
        context.stopTraining();
    }

    /** Why training was terminated, or null. */
    public String reason() {
        return reason;
    }
}
