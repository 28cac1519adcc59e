package dev.synapse.train.keras;

import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;

/**
 * Entry points for {@code model.fit} options, so a call reads like Keras's keyword arguments:
 * {@code model.fit(x, y, Fit.batchSize(256).epochs(100).validationSplit(0.2))}.
 */
public final class Fit {
    private Fit() {}

    /** Keras's defaults: batch 32, 1 epoch, shuffled, no validation, progress bar. */
    public static FitOptions defaults() {
        return new FitOptions();
    }

    /** Options starting from the batch size. */
    public static FitOptions batchSize(int batchSize) {
        return defaults().batchSize(batchSize);
    }

    /** Options starting from the number of epochs. */
    public static FitOptions epochs(int epochs) {
        return defaults().epochs(epochs);
    }

    /** Options starting from the validation fraction. */
    public static FitOptions validationSplit(double fraction) {
        return defaults().validationSplit(fraction);
    }

    /** Options starting from explicit validation data. */
    public static FitOptions validationData(Tensor x, Tensor y) {
        return defaults().validationData(x, y);
    }

    /** Options starting from the callbacks. */
    public static FitOptions callbacks(Callback... callbacks) {
        return defaults().callbacks(callbacks);
    }

    /** Options starting from the device to train on ({@link FitOptions#device(String)}). */
    public static FitOptions device(String device) {
        return defaults().device(device);
    }

    /** Options starting from the verbosity. */
    public static FitOptions verbose(int verbose) {
        return defaults().verbose(verbose);
    }
}
