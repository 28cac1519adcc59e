package dev.synapse.nn;

import dev.synapse.data.Batch;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * The options of Keras's {@code model.fit} as an object that runs the fit it describes
 * ({@code dev.synapse.train.keras.FitOptions}, which returns a {@code History}). {@link Model#fit} hands
 * itself to these methods, so {@code nn} offers {@code model.fit} without depending on the training
 * loop above it.
 *
 * @param <R> what the fit returns (Keras's {@code History})
 */
public interface FitRequest<R> {
    /** Trains {@code model} on arrays with {@code compiled}'s optimizer, loss and metrics. */
    R fit(Layer model, Compiled compiled, Tensor x, Tensor y);

    /** Trains {@code model} on a loader's batches, validating on another (may be null). */
    R fit(Layer model, Compiled compiled, Iterable<Batch> train, @Nullable Iterable<Batch> validation);
}
