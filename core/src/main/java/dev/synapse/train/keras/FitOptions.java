package dev.synapse.train.keras;

import dev.synapse.data.Batch;
import dev.synapse.nn.Compiled;
import dev.synapse.nn.FitRequest;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.History;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The arguments of {@code model.fit} (Keras's {@code batch_size}, {@code epochs}, ...), set by chained calls. */
public final class FitOptions implements FitRequest<History> {
    private int batchSize = 32;
    private int epochs = 1;
    private double validationSplit;
    private Tensor validationX;
    private Tensor validationY;
    private boolean shuffle = true;
    private int initialEpoch;
    private Map<Integer, Double> classWeight;
    private final List<Callback> callbacks = new ArrayList<>();
    private int verbose = 1;
    private int validationFreq = 1;
    private java.nio.file.Path resumeFrom;
    private Device device;

    FitOptions() {}

    /** Samples per gradient step ({@code batch_size}). */
    public FitOptions batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("fit: batchSize must be at least 1, got " + n);
        }
        batchSize = n;
        return this;
    }

    /** Index of the last epoch to run, exclusive ({@code epochs}). */
    public FitOptions epochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("fit: epochs must not be negative, got " + n);
        }
        epochs = n;
        return this;
    }

    /**
     * The fraction of the training data held out for validation ({@code validation_split}): as Keras,
     * the last samples, taken before any shuffling.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + fraction);
        }
        validationSplit = fraction;
        return this;
    }

    /** Validation data evaluated after each epoch ({@code validation_data=(x, y)}). */
    public FitOptions validationData(Tensor x, Tensor y) {
        validationX = x;
        validationY = y;
        return this;
    }

    /** Whether to shuffle the training samples each epoch ({@code shuffle}, default true). */
    public FitOptions shuffle(boolean value) {
        shuffle = value;
        return this;
    }

    /** The epoch to start at, for resuming ({@code initial_epoch}). */
    public FitOptions initialEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("fit: initialEpoch must not be negative, got " + epoch);
        }
        initialEpoch = epoch;
        return this;
    }

    /**
     * A loss weight per class index ({@code class_weight}); classes left out weigh 1. Indices must be
     * 0 or more and weights finite and not negative.
     */
    public FitOptions classWeight(Map<Integer, Double> weights) {
        for (Map.Entry<Integer, Double> e : weights.entrySet()) {
            if (e.getKey() == null || e.getKey() < 0) {
                throw new IllegalArgumentException(
                        "fit: classWeight keys are class indices, 0 or more; got " + e.getKey() + " in " + weights);
            }
            if (e.getValue() == null || !(e.getValue() >= 0) || e.getValue().isInfinite()) {
                throw new IllegalArgumentException("fit: the classWeight of class " + e.getKey()
                        + " must be a finite number, 0 or more; got " + e.getValue());
            }
        }
        classWeight = Map.copyOf(weights);
        return this;
    }

    /** Callbacks to run ({@code callbacks=[...]}). */
    public FitOptions callbacks(Callback... cs) {
        Collections.addAll(callbacks, cs);
        return this;
    }

    /** Callbacks to run. */
    public FitOptions callbacks(List<? extends Callback> cs) {
        callbacks.addAll(cs);
        return this;
    }

    /** 0 silent, 1 progress bar (default), 2 one line per epoch. */
    public FitOptions verbose(int v) {
        if (v < 0 || v > 2) {
            throw new IllegalArgumentException(
                    "fit: verbose must be 0 (silent), 1 (progress bar) or 2 (one line " + "per epoch), got " + v);
        }
        verbose = v;
        return this;
    }

    /** Validate every this many epochs ({@code validation_freq}). */
    public FitOptions validationFreq(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("fit: validationFreq must be at least 1, got " + n);
        }
        validationFreq = n;
        return this;
    }

    /**
     * Continues an interrupted {@code fit} from a checkpoint written by {@code ModelCheckpoint}: weights,
     * optimizer state, epoch, random state, shuffle order and callbacks' state are restored, and the
     * epochs left up to {@link #epochs} run (Keras's {@code BackupAndRestore}, Lightning's
     * {@code ckpt_path}). Give the same data, batch size and callbacks as the interrupted run.
     */
    public FitOptions resumeFrom(java.nio.file.Path checkpoint) {
        resumeFrom = checkpoint;
        return this;
    }

    /**
     * The device to train on: the model (weights, buffers and its optimizer's state) moves there before
     * the first step and stays there, and each batch is copied there once per step; PyTorch's {@code
     * model.to(device)} and {@code batch.to(device)}, Keras's {@code with tf.device(...)} around {@code fit}.
     * Unset, the model trains where its weights are.
     */
    public FitOptions device(Device d) {
        device = java.util.Objects.requireNonNull(d, "fit: device");
        return this;
    }

    /** The device to train on, parsed by {@link Device#of}: {@code "cpu"}, {@code "emulated:1"}, {@code "cuda"}. */
    public FitOptions device(String spec) {
        return device(Device.of(spec));
    }

    /** The device to train on, or null (where the model's weights are). */
    public Device device() {
        return device;
    }

    /** The checkpoint to resume from, or null. */
    public java.nio.file.Path resumeFrom() {
        return resumeFrom;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The epoch to stop before. */
    public int epochs() {
        return epochs;
    }

    /** The fraction held out for validation. */
    public double validationSplit() {
        return validationSplit;
    }

    /** The validation inputs, or null. */
    public Tensor validationX() {
        return validationX;
    }

    /** The validation labels, or null. */
    public Tensor validationY() {
        return validationY;
    }

    /** Whether training samples are shuffled each epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The epoch to start at. */
    public int initialEpoch() {
        return initialEpoch;
    }

    /** The loss weight per class index, or null. */
    public Map<Integer, Double> classWeight() {
        return classWeight;
    }

    /** The callbacks, in order. */
    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    /** The verbosity: 0, 1 or 2. */
    public int verbose() {
        return verbose;
    }

    /** Validation runs every this many epochs. */
    public int validationFreq() {
        return validationFreq;
    }

    /** Runs {@code model.fit(x, y, this)} on the one {@code Trainer} loop. */
    @Override
    public History fit(Layer model, Compiled compiled, Tensor x, Tensor y) {
        return KerasTraining.fit(model, compiled, x, y, this);
    }

    /** Runs {@code model.fit(train, validation, this)} on the one {@code Trainer} loop. */
    @Override
    public History fit(Layer model, Compiled compiled, Iterable<Batch> train, Iterable<Batch> validation) {
        return KerasTraining.fit(model, compiled, train, validation, this);
    }
}
