package dev.synapse.train;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The running results a {@link Callback#onTrainBatchEnd} receives (Keras's {@code logs} of {@code
 * on_train_batch_end}): a map read from the device when first looked at
 * (one host synchronisation), then fixed. Values logged as tensors stay on the device until then, so a step whose
 * logs nobody reads reads nothing back; the progress bar reads them when it redraws. A callback that checks every
 * batch can ask {@link #isRead()} or {@link #isOnHost()} first and look only when that costs no synchronisation, as
 * {@link dev.synapse.train.callbacks.TerminateOnNaN} does.
 */
public final class StepLogs extends AbstractMap<String, Double> {
    private final EpochLog log;
    private EpochLog.@Nullable Snapshot snapshot;

    StepLogs(EpochLog log) {
        this.log = log;
    }

    /** Whether the values have been read already, so that looking costs nothing. */
    public boolean isRead() {
        return snapshot != null;
    }

    /** Whether reading the values needs no transfer: everything logged so far lives on the CPU. */
    public boolean isOnHost() {
        return snapshot != null || log.onHost();
    }

    /**
     * The first batch of the epoch (0-based) in which a value logged under {@code name} was NaN or infinite, or -1:
     * a flag kept on the device and read with the values.
     */
    public int firstNonFinite(String name) {
        return snapshot().firstNonFinite().getOrDefault(name, -1);
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return snapshot().values().entrySet();
    }

    private EpochLog.Snapshot snapshot() {
        EpochLog.Snapshot s = snapshot;
        if (s == null) {
            s = log.read();
            snapshot = s;
        }
        return s;
    }

    /**
     * The log's current values: these logs' when nothing was logged since they were read (or they were never read),
     * else a fresh read.
     */
    Map<String, Double> current() {
        EpochLog.Snapshot s = snapshot;
        return s == null || log.isCurrent(s) ? snapshot().values() : log.values();
    }
}
