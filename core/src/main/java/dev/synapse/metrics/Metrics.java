package dev.synapse.metrics;

import java.util.Locale;

/** Metric factories by Keras name ({@code metrics=["accuracy", "mse"]}). */
public final class Metrics {
    /** Keras's {@code "accuracy"}: binary, categorical or sparse chosen from the labels. */
    public static final String ACCURACY = "accuracy";

    private Metrics() {}

    /**
     * A new metric from its Keras name: accuracy (acc), binary_accuracy, categorical_accuracy,
     * sparse_categorical_accuracy, precision, recall, auc, mse (mean_squared_error), mae
     * (mean_absolute_error), top_k_categorical_accuracy.
     */
    public static Metric get(String name) {
        return switch (String.valueOf(name).toLowerCase(Locale.ROOT)) {
            case "accuracy", "acc" -> new Accuracy();
            case "binary_accuracy" -> new Accuracy("binary_accuracy", Accuracy.Kind.BINARY, 0.5);
            case "categorical_accuracy" -> new Accuracy("categorical_accuracy", Accuracy.Kind.CATEGORICAL, 0.5);
            case "sparse_categorical_accuracy" ->
                new Accuracy("sparse_categorical_accuracy", Accuracy.Kind.SPARSE, 0.5);
            case "precision" -> ConfusionMetric.precision();
            case "recall" -> ConfusionMetric.recall();
            case "auc" -> new AUC();
            case "mse", "mean_squared_error" -> MeanError.squared();
            case "mae", "mean_absolute_error" -> MeanError.absolute();
            case "top_k_categorical_accuracy" -> new TopKCategoricalAccuracy();
            default ->
                throw new IllegalArgumentException("unknown metric '" + name + "'; expected one of accuracy, "
                        + "binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, precision, recall, auc, "
                        + "mse, mae, top_k_categorical_accuracy");
        };
    }
}
