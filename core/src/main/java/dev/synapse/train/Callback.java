package dev.synapse.train;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hooks into the training loop ({@code keras.callbacks.Callback}, Lightning's {@code Callback}).
 * Every method has a no-op default; a callback overrides what it needs. {@code logs} maps metric
 * names ({@code "loss"}, {@code "accuracy"}, {@code "val_loss"}, ...) to their values so far.
 */
public interface Callback {
    /** Called once before training with the loop's context (stop flag, optimizer, weights). */
    default void setContext(TrainingContext context) {}

    /** Before the first epoch ({@code on_train_begin}, {@code on_fit_start}). */
    default void onTrainBegin() {}

    /** After the last epoch or an early stop ({@code on_train_end}). */
    default void onTrainEnd(Map<String, Double> logs) {}

    /** Before each epoch (0-based) ({@code on_epoch_begin}). */
    default void onEpochBegin(int epoch) {}

    /** After each epoch with its training and validation results ({@code on_epoch_end}). */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /** Before each training batch ({@code on_train_batch_begin}). */
    default void onTrainBatchBegin(int batch) {}

    /** After each training batch with the running epoch results ({@code on_train_batch_end}). */
    default void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

    /**
     * What this callback must carry across a resume, for checkpoints (Lightning's
     * {@code Callback.state_dict}): JSON-friendly values (strings, numbers, booleans, lists, maps) and
     * {@link dev.synapse.tensor.Tensor}s, by key; {@code null} (the default) when it keeps nothing.
     * Doubles that may be infinite are best stored as {@code Double.toString} strings.
     */
    default @Nullable Map<String, Object> stateDict() {
        return null;
    }

    /**
     * Checks, without changing anything, that a state read from a checkpoint fits this callback and the
     * live model: known entries only, values of the right type and range, tensors with the names,
     * shapes and dtypes of the weights they stand for ({@link CallbackStates} reads them). A resume
     * calls this for every callback, after {@link #setContext}, before it restores anything, so that a
     * checkpoint that does not fit leaves the model, the optimizer and every callback as they were.
     * Throw {@link IllegalArgumentException} naming the entry; the default accepts any state.
     */
    default void checkStateDict(Map<String, Object> state) {}

    /**
     * Restores what {@link #stateDict()} returned, after {@link #onTrainBegin()} when training resumes
     * from a checkpoint (Lightning's {@code Callback.load_state_dict}). The state has passed
     * {@link #checkStateDict}; a callback without such a check must check here, and throw
     * {@link IllegalArgumentException} for values that do not fit.
     */
    default void loadStateDict(Map<String, Object> state) {}
}
