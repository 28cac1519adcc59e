package dev.synapse.train;

import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/** What a callback may see and change of the running loop (Keras's {@code self.model}, Lightning's trainer). */
public interface TrainingContext {
    /** Asks the loop to stop after the current epoch ({@code model.stop_training = True}). */
    void stopTraining();

    /** True once {@link #stopTraining()} was called. */
    boolean isStopping();

    /** The (first) optimizer, e.g. to change its learning rate. */
    Optimizer optimizer();

    /** Every weight of the model by its dotted name, trainable or not: for snapshots and histograms. */
    Map<String, Tensor> namedWeights();

    /** Saves the whole model (architecture and weights) to {@code file}, as the module knows how. */
    void saveModel(java.nio.file.Path file) throws java.io.IOException;

    /**
     * Saves a full checkpoint to {@code file}: the model as {@link #saveModel} writes it plus the
     * optimizer's state and where training stands (epoch, step, random state, loaders, callbacks), so
     * that {@code Trainer.fit(..., ckptPath)} or {@code FitOptions.resumeFrom} continues exactly. The
     * trainer writes it once every callback has seen the epoch's end. Defaults to {@link #saveModel}.
     */
    default void saveCheckpoint(java.nio.file.Path file) throws java.io.IOException {
        saveModel(file);
    }
}
