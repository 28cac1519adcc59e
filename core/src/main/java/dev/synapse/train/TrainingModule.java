package dev.synapse.train;

import dev.synapse.metrics.Metric;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.loggers.Logger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What to train and how, as PyTorch Lightning's {@code LightningModule}: the user writes
 * {@link #trainingStep} (returns the loss), {@link #configureOptimizers} and {@link #parameters},
 * and optionally validation/test/predict steps and hooks; a {@link Trainer} runs the loop. Keras's
 * {@code fit} is itself a module run by the same Trainer.
 *
 * @param <B> the batch type the loaders yield (for example {@code dev.synapse.data.Batch})
 */
public abstract class TrainingModule<B> {
    /** For subclasses ({@code LightningModule.__init__}). */
    protected TrainingModule() {}

    private @Nullable Trainer trainer;
    private @Nullable EpochLog currentLog;

    /**
     * One training step: computes and returns the loss of {@code batch} ({@code training_step}). It runs in the step's
     * {@link dev.synapse.tensor.MemoryScope}: a device tensor stored for a later step must be kept ({@code
     * tensor.keep()}), or it is released when the step ends.
     */
    public abstract Tensor trainingStep(B batch, int batchIndex);

    /** The optimizer for {@link #parameters()} ({@code configure_optimizers}). */
    public abstract Optimizer configureOptimizers();

    /** The trainable parameters the optimizer updates ({@code parameters()}). */
    public abstract List<Tensor> parameters();

    /**
     * Every weight by dotted name, trainable or not: for snapshots (EarlyStopping), histograms and
     * checkpoints. Defaults to the parameters named {@code param.0}, {@code param.1}, ...
     */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Tensor> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            out.put("param." + i, ps.get(i));
        }
        return out;
    }

    /**
     * The random generators of this module's layers that were made with a seed, by name, which
     * checkpoints save and restore (see {@link dev.synapse.nn.Layer#namedGenerators()}); none by default.
     * A module whose layers take seeds returns {@code model.namedGenerators()}.
     */
    public Map<String, dev.synapse.tensor.Generator> namedGenerators() {
        return Map.of();
    }

    /**
     * Saves the model to {@code file} for checkpoints ({@code ModelCheckpoint} without weights-only):
     * by default every weight of {@link #namedWeights()} in safetensors; a module that knows its
     * architecture saves that too.
     */
    public void saveModel(java.nio.file.Path file) throws java.io.IOException {
        dev.synapse.io.SafeTensors.write(file, namedWeights(), Map.of("format", "synapse-weights"));
    }

    /**
     * The model part of this module's checkpoints: by default every weight of {@link #namedWeights()};
     * a module that knows its architecture adds it (and its compile settings), so that the checkpoint
     * is also a model file. The trainer adds the optimizer's state and the training state.
     */
    public dev.synapse.io.ModelArchive checkpointArchive() {
        return new dev.synapse.io.ModelArchive().weights(namedWeights());
    }

    /**
     * One validation step ({@code validation_step}); its return value is collected for {@link #onValidationEpochEnd}.
     */
    public @Nullable Object validationStep(B batch, int batchIndex) {
        return null;
    }

    /** One test step ({@code test_step}); by default the validation step. */
    public @Nullable Object testStep(B batch, int batchIndex) {
        return validationStep(batch, batchIndex);
    }

    /** One prediction step ({@code predict_step}). */
    public @Nullable Object predictStep(B batch, int batchIndex) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not override predictStep");
    }

    /**
     * Puts the module's {@link #layers()} in training mode ({@code model.train()}) or inference mode
     * ({@code model.eval()}), which decides what {@code layer.apply(x)} does with dropout, noise and batch
     * statistics. The Trainer calls it before each training epoch (with {@code true}, before
     * {@link #onTrainEpochStart}, where a layer may be set back to {@code eval()}) and before validation,
     * test and predict (with {@code false}), and restores the layers' modes when it returns.
     */
    public void setTraining(boolean training) {
        for (dev.synapse.nn.Layer layer : layers()) {
            layer.train(training);
        }
    }

    /**
     * The layers (and models) this module runs, whose mode {@link #setTraining} switches: the
     * submodules of a {@code LightningModule}. By default the module's fields that hold a layer, found
     * as Lightning finds a module's attributes; a module whose layers live elsewhere (in a list, in
     * another object) lists them here.
     *
     * @throws IllegalStateException when a field cannot be read (a class in a named module that does
     *     not open its package); override this method then
     */
    public List<dev.synapse.nn.Layer> layers() {
        return LayerFields.of(this);
    }

    /** Rows of the parameter table printed when fit starts: name, type, parameter count. */
    public List<String[]> summaryRows() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.size();
        }
        return List.<String[]>of(new String[] {"parameters", "Tensor", Long.toString(n)});
    }

    // ---- hooks (Lightning names) ----

    /** Before each training epoch. */
    public void onTrainEpochStart() {}

    /** After each training epoch, before validation. */
    public void onTrainEpochEnd() {}

    /** After backward would be called with {@code loss}, before it is ({@code on_before_backward}). */
    public void onBeforeBackward(Tensor loss) {}

    /** After backward, before the optimizer step ({@code on_after_backward}). */
    public void onAfterBackward() {}

    /** After the validation epoch, with every validation step's return value ({@code on_validation_epoch_end}). */
    public void onValidationEpochEnd(List<Object> outputs) {}

    // ---- logging ----

    /** Logs a value; the epoch value is the mean over the calls of the phase ({@code self.log}). */
    protected void log(String name, double value) {
        log(name, value, 1);
    }

    /** Logs a value weighted by {@code batchSize} in the epoch mean. */
    protected void log(String name, double value, int batchSize) {
        requireLog(name).add(name, value, batchSize);
    }

    /**
     * Logs a one-element tensor ({@code self.log(name, tensor)}) without reading it: the epoch mean is summed on
     * the tensor's device and read when the progress bar, a callback or the epoch's end asks.
     */
    protected void log(String name, Tensor value) {
        log(name, value, 1);
    }

    /** Logs a one-element tensor weighted by {@code batchSize} in the epoch mean, without reading it. */
    protected void log(String name, Tensor value, int batchSize) {
        if (value.size() != 1) {
            throw new IllegalArgumentException("log(\"" + name + "\"): expected a one-element tensor, got shape "
                    + value.shape() + "; reduce it first (mean or sum)");
        }
        requireLog(name).add(name, value, batchSize);
    }

    /** Logs a stateful metric: its epoch value is {@code metric.result()} at the end of the phase. */
    protected void log(String name, Metric metric) {
        requireLog(name).metric(name, metric);
    }

    private EpochLog requireLog(String name) {
        if (currentLog == null) {
            throw new IllegalStateException("log(\"" + name + "\"): logging works inside steps run by a Trainer");
        }
        return currentLog;
    }

    /** The running trainer, or null outside fit/validate/test. */
    public @Nullable Trainer trainer() {
        return trainer;
    }

    /** The trainer's logger ({@code self.logger}), or null. */
    public @Nullable Logger logger() {
        return trainer == null ? null : trainer.logger();
    }

    /** The current epoch, 0-based ({@code self.current_epoch}). */
    public int currentEpoch() {
        return trainer == null ? 0 : trainer.currentEpoch();
    }

    /** Optimizer steps taken so far ({@code self.global_step}). */
    public long globalStep() {
        return trainer == null ? 0 : trainer.globalStep();
    }

    void attach(@Nullable Trainer trainer, @Nullable EpochLog log) {
        this.trainer = trainer;
        this.currentLog = log;
    }
}
