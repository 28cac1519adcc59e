package dev.synapse.train.callbacks;

import dev.synapse.io.SafeTensors;
import dev.synapse.train.Callback;
import dev.synapse.train.CallbackStates;
import dev.synapse.train.Monitor;
import dev.synapse.train.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Saves checkpoints or weights during training ({@code keras.callbacks.ModelCheckpoint}, Lightning's
 * {@code ModelCheckpoint}). The file pattern may name the epoch and any logged metric, with Python
 * format specs: {@code "ckpt/model-{epoch:02d}-{val_loss:.2f}.synapse"} ({@code epoch} counts from 1 as
 * in Keras). The pattern is checked when the callback is made; a field naming a value that is not
 * logged fails at the end of the first epoch, listing the values available. Writes are atomic, so an interrupted save
 * never leaves a half-written file.
 *
 * <p>Without {@code saveWeightsOnly} each file is a full checkpoint: the model as the module saves it
 * (for {@code fit}: architecture, weights and compile settings, so {@code Model.load} reads it), the
 * optimizer's state and the training state, so that {@code Trainer.fit(..., ckptPath)} or
 * {@code FitOptions.resumeFrom} continues the run exactly. With it, a plain safetensors file of the
 * weights.
 */
public final class ModelCheckpoint implements Callback {
    /** Keras's arguments, plus {@code everyNEpochs} (seed 002: a checkpoint every 10 epochs). */
    public record Options(
            String filePattern,
            String monitor,
            boolean saveBestOnly,
            boolean saveWeightsOnly,
            Monitor mode,
            int everyNEpochs) {
        public Options {
            FilePattern.parse(filePattern);
            if (monitor == null || monitor.isBlank() || mode == null) {
                throw new IllegalArgumentException("ModelCheckpoint: monitor must name a logged value such as "
                        + "\"val_loss\" and mode must be given (Monitor.AUTO to infer it), got monitor " + monitor
                        + " and mode " + mode);
            }
            if (everyNEpochs < 1) {
                throw new IllegalArgumentException(
                        "ModelCheckpoint: everyNEpochs must be at least 1, got " + everyNEpochs);
            }
        }
    }

    private final Options options;
    private final FilePattern pattern;
    private final Monitor mode;
    private TrainingContext context;
    private double best;
    private Path lastSaved;

    /** Saves the whole model after every epoch to the pattern's file. */
    public ModelCheckpoint(String filePattern) {
        this(new Options(filePattern, "val_loss", false, false, Monitor.AUTO, 1));
    }

    public ModelCheckpoint(Options options) {
        this.options = options;
        this.pattern = FilePattern.parse(options.filePattern());
        this.mode = options.mode().resolve(options.monitor());
    }

    /** Saves every {@code n} epochs. */
    public static ModelCheckpoint everyNEpochs(String filePattern, int n, boolean weightsOnly) {
        return new ModelCheckpoint(new Options(filePattern, "val_loss", false, weightsOnly, Monitor.AUTO, n));
    }

    /** Saves only when {@code monitor} improves. */
    public static ModelCheckpoint bestOnly(String filePattern, String monitor, boolean weightsOnly) {
        return new ModelCheckpoint(new Options(filePattern, monitor, true, weightsOnly, Monitor.AUTO, 1));
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onTrainBegin() {
        best = mode.worst();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        // Every epoch, not only those that save: a misspelt name stops the run at its first epoch.
        pattern.requireFields(logs);
        if ((epoch + 1) % options.everyNEpochs() != 0) {
            return;
        }
        if (options.saveBestOnly()) {
            Double v = logs.get(options.monitor());
            if (v == null) {
                throw new IllegalStateException("ModelCheckpoint: metric '" + options.monitor() + "' is not available; "
                        + "available: " + logs.keySet());
            }
            if (!mode.improves(v, best, 0)) {
                return;
            }
            best = v;
        }
        Path file = Path.of(pattern.format(epoch, logs));
        try {
            if (options.saveWeightsOnly()) {
                SafeTensors.write(file, context.namedWeights(), Map.of("epoch", Integer.toString(epoch + 1)));
            } else {
                context.saveCheckpoint(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save " + file + ": " + e.getMessage(), e);
        }
        lastSaved = file;
    }

    /** The best monitored value so far, so that a resumed run keeps saving only improvements. */
    @Override
    public Map<String, Object> stateDict() {
        return Map.of("best", Double.toString(best));
    }

    /** Checks a saved state's entries and values, changing nothing. */
    @Override
    public void checkStateDict(Map<String, Object> state) {
        read(state);
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        best = read(state);
    }

    private static double read(Map<String, Object> state) {
        CallbackStates.onlyKeys(state, Set.of("best"), null, "ModelCheckpoint");
        return CallbackStates.number(state, "best", "ModelCheckpoint");
    }

    /** The file written most recently, or null. */
    public Path lastSaved() {
        return lastSaved;
    }
}
