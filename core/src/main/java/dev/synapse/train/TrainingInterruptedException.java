package dev.synapse.train;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Trainer} loop ({@code fit}, {@code validate}, {@code test}, {@code predict}, and
 * so Keras's {@code model.fit}, {@code evaluate} and {@code predict}) whose thread was interrupted
 * ({@link Thread#interrupt()}, the Java counterpart of Ctrl-C's {@code KeyboardInterrupt} in a
 * Lightning or Keras run). The loop stops between two batches; before this is thrown, callbacks have
 * seen {@code onTrainEnd} and the logger has finished, so their files are complete and closed, and a
 * checkpoint is either written whole or not at all. The thread's interrupt flag stays set, so code
 * further up still sees the interruption.
 *
 * <p>Unlike Keras's {@code stop_training}, which ends {@code fit} normally, an interruption is an
 * exception: the caller asked for the work to stop and must not take a partial run for a finished
 * one. {@link #history()} holds the epochs that did finish.
 */
public class TrainingInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable History history;

    /** An interruption of {@code loop} with the history of the epochs run so far (null outside fit). */
    public TrainingInterruptedException(String message, @Nullable History history, @Nullable Throwable cause) {
        super(message, cause);
        this.history = history;
    }

    /** The epochs {@code fit} finished before the interruption, or null when not thrown by fit. */
    public @Nullable History history() {
        return history;
    }
}
