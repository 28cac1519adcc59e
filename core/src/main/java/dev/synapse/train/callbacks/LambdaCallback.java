package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import java.util.Map;
import java.util.function.BiConsumer;

/** A callback from lambdas ({@code keras.callbacks.LambdaCallback}); any of them may be null. */
public final class LambdaCallback implements Callback {
    private final BiConsumer<Integer, Map<String, Double>> onEpochEnd;
    private final BiConsumer<Integer, Map<String, Double>> onBatchEnd;

    /** Runs {@code onEpochEnd(epoch, logs)} after every epoch. */
    public static LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) {
        return new LambdaCallback(f, null);
    }

    /** Runs {@code onBatchEnd(batch, logs)} after every training batch. */
    public static LambdaCallback onBatchEnd(BiConsumer<Integer, Map<String, Double>> f) {
        return new LambdaCallback(null, f);
    }

    public LambdaCallback(
            BiConsumer<Integer, Map<String, Double>> onEpochEnd, BiConsumer<Integer, Map<String, Double>> onBatchEnd) {
        this.onEpochEnd = onEpochEnd;
        this.onBatchEnd = onBatchEnd;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (onEpochEnd != null) {
            onEpochEnd.accept(epoch, logs);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (onBatchEnd != null) {
            onBatchEnd.accept(batch, logs);
        }
    }
}
