package dev.synapse.train.keras;

import dev.synapse.autograd.GradMode;
import dev.synapse.data.Batch;
import dev.synapse.losses.ClassLabels;
import dev.synapse.metrics.Metric;
import dev.synapse.nn.Compiled;
import dev.synapse.nn.Layer;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.TrainingModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code fit}/{@code evaluate}/{@code predict} expressed as a {@link TrainingModule}, so that
 * the Keras face runs through the one {@link dev.synapse.train.Trainer} loop. Logs {@code loss} and
 * each compiled metric (with a {@code val_} prefix during validation), metrics accumulated over the
 * whole epoch.
 */
final class KerasModule extends TrainingModule<Batch> {
    private final Layer model;
    private final Compiled compiled;
    private final Map<Integer, Double> classWeight;
    private final List<Metric> trainMetrics = new ArrayList<>();
    private final List<Metric> evalMetrics = new ArrayList<>();
    private final String evalPrefix;
    private Tensor classWeightTable;

    /** @param evalPrefix {@code "val_"} inside fit, {@code ""} for evaluate */
    KerasModule(Layer model, Compiled compiled, Map<Integer, Double> classWeight, String evalPrefix) {
        this.model = model;
        this.compiled = compiled;
        this.classWeight = classWeight;
        this.evalPrefix = evalPrefix;
        for (Metric m : compiled == null ? List.<Metric>of() : compiled.metrics()) {
            trainMetrics.add(m.fresh());
            evalMetrics.add(m.fresh());
        }
    }

    @Override
    public Tensor trainingStep(Batch batch, int batchIndex) {
        requireLabels(batch, batchIndex, "fit");
        Tensor pred = model.apply(batch.x(), true);
        Tensor loss = compiled.loss().call(batch.y(), pred, sampleWeights(batch.y(), pred));
        Tensor total = withPenalties(loss);
        log("loss", total, batch.size());
        record(trainMetrics, "", batch.y(), pred);
        return total;
    }

    @Override
    public Object validationStep(Batch batch, int batchIndex) {
        requireLabels(batch, batchIndex, evalPrefix.isEmpty() ? "evaluate" : "fit (validation)");
        evaluateBatch(batch, evalPrefix);
        return null;
    }

    @Override
    public Object predictStep(Batch batch, int batchIndex) {
        return model.apply(batch.x(), false);
    }

    /** The loss needs labels: a loader of unlabelled samples fails here, not inside the loss. */
    private static void requireLabels(Batch batch, int batchIndex, String op) {
        if (batch.y() == null) {
            throw new IllegalArgumentException(op + ": batch " + batchIndex + " has no labels (y is null); the loss "
                    + "needs (x, y) samples, only predict takes inputs alone");
        }
    }

    /** Loss and metrics of one batch in inference mode, logged under {@code prefix}. */
    void evaluateBatch(Batch batch, String prefix) {
        Tensor pred = model.apply(batch.x(), false);
        Tensor loss = compiled.loss().call(batch.y(), pred);
        loss = withPenalties(loss);
        log(prefix + "loss", loss, batch.size());
        record(evalMetrics, prefix, batch.y(), pred);
    }

    /** The loss plus the model's regularization penalties ({@code model.losses}), each computed once. */
    private Tensor withPenalties(Tensor loss) {
        Tensor total = loss;
        for (Tensor penalty : model.losses()) {
            total = total.add(penalty);
        }
        return total;
    }

    private void record(List<Metric> metrics, String prefix, Tensor y, Tensor pred) {
        if (metrics.isEmpty()) {
            return;
        }
        try (var _ = GradMode.noGrad()) {
            Tensor p = pred.detach();
            for (Metric m : metrics) {
                m.update(y, p);
                log(prefix + m.name(), m);
            }
        }
    }

    /**
     * Keras's {@code class_weight}: each sample weighs as its class (index label, or argmax of a one-hot
     * row); classes without a weight weigh 1. Index labels are checked as the sparse losses check them,
     * and a weight for a class the model cannot predict is refused.
     */
    private Tensor sampleWeights(Tensor y, Tensor pred) {
        if (classWeight == null) {
            return null;
        }
        boolean oneHot = y.rank() >= 2 && y.dim(-1) > 1;
        // One output column is a binary classifier: its labels are the classes 0 and 1.
        int classes = pred.rank() == 0 || pred.dim(-1) == 1 ? 2 : pred.dim(-1);
        for (int c : classWeight.keySet()) {
            if (c >= classes) {
                throw new IllegalArgumentException("fit: classWeight has a weight for class " + c + " but the model "
                        + "predicts " + classes + " classes (0.." + (classes - 1) + "); class indices count from 0");
            }
        }
        // Looked up on the labels' device, so that weighting reads nothing back.
        Tensor idx = oneHot ? y.argmax(-1) : ClassLabels.indices("fit (classWeight)", y.reshape(y.dim(0)), classes);
        return weightTable(classes, y.device()).take(idx.reshape(-1), 0);
    }

    /** Each class's weight (1 where none is given), copied to {@code device} once. */
    private Tensor weightTable(int classes, dev.synapse.tensor.Device device) {
        Tensor table = classWeightTable;
        if (table == null || table.dim(0) != classes || !table.device().equals(device)) {
            float[] w = new float[classes];
            for (int c = 0; c < classes; c++) {
                Double cw = classWeight.get(c);
                w[c] = cw == null ? 1f : cw.floatValue();
            }
            table = Tensor.wrap(w, classes).to(device).keep();
            classWeightTable = table;
        }
        return table;
    }

    @Override
    public Optimizer configureOptimizers() {
        if (compiled == null) {
            throw new IllegalStateException(model.name() + ": call compile(optimizer, loss, metrics) before fit");
        }
        return compiled.optimizer();
    }

    @Override
    public List<Tensor> parameters() {
        return model.trainableVariables();
    }

    @Override
    public List<Layer> layers() {
        return List.of(model);
    }

    /**
     * Leaves the model's mode alone: Keras's steps pass {@code training} explicitly, and every layer
     * called inside inherits it, so concurrent {@code predict} calls never flip a shared model's mode.
     */
    @Override
    public void setTraining(boolean training) {}

    @Override
    public Map<String, Tensor> namedWeights() {
        return model.stateDict();
    }

    @Override
    public Map<String, dev.synapse.tensor.Generator> namedGenerators() {
        return model.namedGenerators();
    }

    /** The whole model, as {@code model.save} writes it (Keras's ModelCheckpoint saves a {@code .keras} file). */
    @Override
    public void saveModel(java.nio.file.Path file) throws java.io.IOException {
        dev.synapse.io.internal.ModelFiles.save(
                model,
                file,
                compiled == null ? null : compiled.optimizer(),
                compiled == null ? null : compiled.loss(),
                compiled == null ? List.of() : compiled.metrics(),
                true);
    }

    /** Checkpoints of fit hold the architecture and compile settings too, so {@code Model.load} reads them. */
    @Override
    public dev.synapse.io.ModelArchive checkpointArchive() {
        return dev.synapse.io.internal.ModelFiles.archive(
                model,
                compiled == null ? null : compiled.optimizer(),
                compiled == null ? null : compiled.loss(),
                compiled == null ? List.of() : compiled.metrics(),
                false);
    }
}
