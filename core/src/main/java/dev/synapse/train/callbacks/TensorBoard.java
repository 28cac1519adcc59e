package dev.synapse.train.callbacks;

import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.TrainingContext;
import dev.synapse.train.tensorboard.EventFileWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Logs each epoch's metrics, and weight histograms every {@code histogramFreq} epochs, to TensorBoard
 * event files ({@code keras.callbacks.TensorBoard}): training metrics under {@code logDir/train},
 * validation metrics (the {@code val_} ones, without the prefix) under {@code logDir/validation}, with
 * Keras's tag names {@code epoch_loss}, {@code epoch_accuracy}.
 */
public final class TensorBoard implements Callback {
    private final Path logDir;
    private final int histogramFreq;
    private TrainingContext context;
    private EventFileWriter train;
    private EventFileWriter validation;

    public TensorBoard(Path logDir) {
        this(logDir, 0);
    }

    /** With {@code histogramFreq > 0}, weight histograms every that many epochs. */
    public TensorBoard(Path logDir, int histogramFreq) {
        this.logDir = logDir;
        this.histogramFreq = histogramFreq;
    }

    @Override
    public void setContext(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onTrainBegin() {
        train = new EventFileWriter(logDir.resolve("train"));
        validation = new EventFileWriter(logDir.resolve("validation"));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("val_")) {
                validation.scalar("epoch_" + name.substring(4), e.getValue(), epoch);
            } else {
                train.scalar("epoch_" + name, e.getValue(), epoch);
            }
        }
        if (histogramFreq > 0 && epoch % histogramFreq == 0 && context != null) {
            for (Map.Entry<String, Tensor> w : context.namedWeights().entrySet()) {
                train.histogram(w.getKey().replace('.', '/'), w.getValue(), epoch);
            }
        }
    }

    /** Logs an image under the training run ({@code tf.summary.image} inside a Keras callback). */
    public void image(String tag, Tensor hwc, long step) {
        train.image(tag, hwc, step);
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        train.close();
        validation.close();
    }

    /** The directory of the training events. */
    public Path trainDir() {
        return logDir.resolve("train");
    }

    /** The directory of the validation events. */
    public Path validationDir() {
        return logDir.resolve("validation");
    }
}
