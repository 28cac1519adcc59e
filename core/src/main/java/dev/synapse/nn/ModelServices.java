package dev.synapse.nn;

import dev.synapse.data.Batch;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Model}'s Keras methods ({@code evaluate}, {@code predict}, {@code save}, {@code load},
 * ...) need from the packages above {@code nn}: the training loop and the model files. Implemented
 * once, in {@code dev.synapse.train.keras}, and found through {@link java.util.ServiceLoader}, so that {@code nn}
 * depends on neither {@code train} nor {@code io} while Keras users keep calling these on the model.
 * Not meant to be implemented by users.
 */
public interface ModelServices {
    /** Loss and metrics over {@code x, y} in batches ({@code model.evaluate}). */
    Map<String, Double> evaluate(Layer model, Compiled compiled, Tensor x, Tensor y, int batchSize);

    /** Loss and metrics over a loader's batches. */
    Map<String, Double> evaluate(Layer model, Compiled compiled, Iterable<Batch> data);

    /** Outputs in batches, recording no graph ({@code model.predict}). */
    Tensor predict(Layer model, Tensor x, int batchSize);

    /** One optimizer step on one batch ({@code train_on_batch}). */
    Map<String, Double> trainOnBatch(Layer model, Compiled compiled, Tensor x, Tensor y);

    /** Loss and metrics of one batch without training ({@code test_on_batch}). */
    Map<String, Double> testOnBatch(Layer model, Compiled compiled, Tensor x, Tensor y);

    /** Writes the whole model, with its compile settings when compiled ({@code model.save}). */
    void save(Layer model, Path file, @Nullable Compiled compiled, boolean includeOptimizer) throws IOException;

    /** Reads a file written by {@link #save}, compiled again when it holds compile settings. */
    Model load(Path file) throws IOException;

    /** Writes the weights alone to safetensors ({@code save_weights}). */
    void saveWeights(Layer model, Path file) throws IOException;

    /** Loads weights by name ({@code load_weights}, {@code load_state_dict(strict)}). */
    LoadReport loadWeights(Layer model, Path file, boolean strict) throws IOException;
}
