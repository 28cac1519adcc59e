package dev.synapse.losses;

import java.util.Locale;

/** Loss factories by Keras name ({@code loss="categorical_crossentropy"}, {@code keras.losses.get}). */
public final class Losses {
    private Losses() {}

    /** Keras's {@code "mse"}. */
    public static Loss meanSquaredError() {
        return new MeanSquaredError();
    }

    /** Categorical cross-entropy from probabilities. */
    public static Loss categoricalCrossentropy() {
        return new CategoricalCrossentropy();
    }

    /** Sparse categorical cross-entropy from probabilities. */
    public static Loss sparseCategoricalCrossentropy() {
        return new SparseCategoricalCrossentropy();
    }

    /** Binary cross-entropy from probabilities. */
    public static Loss binaryCrossentropy() {
        return new BinaryCrossentropy();
    }

    /**
     * A loss from its Keras name or alias: mse / mean_squared_error, mae / mean_absolute_error, huber,
     * binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, kld / kl_divergence,
     * cosine_similarity.
     */
    public static Loss get(String name) {
        return switch (String.valueOf(name).toLowerCase(Locale.ROOT)) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "huber", "huber_loss" -> new Huber();
            case "binary_crossentropy", "bce" -> new BinaryCrossentropy();
            case "categorical_crossentropy" -> new CategoricalCrossentropy();
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy();
            case "kld", "kl_divergence", "kullback_leibler_divergence" -> new KLDivergence();
            case "cosine_similarity" -> new CosineSimilarity();
            default ->
                throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of mse, mae, huber, "
                        + "binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, "
                        + "kl_divergence, "
                        + "cosine_similarity");
        };
    }

    /**
     * Rebuilds a loss from {@link Loss#getConfig()} ({@code keras.losses.deserialize}); unknown names,
     * reductions and option types fail with a message naming them.
     */
    public static Loss fromConfig(java.util.Map<String, Object> config) {
        if (!(config.get("name") instanceof String name)) {
            throw new IllegalArgumentException("loss config: 'name' must be a string, got " + config.get("name"));
        }
        Object r = config.getOrDefault("reduction", "sum_over_batch_size");
        Loss.Reduction reduction;
        try {
            reduction = Loss.Reduction.valueOf(String.valueOf(r).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "loss config: unknown reduction '" + r + "'; expected sum_over_batch_size, sum or none");
        }
        boolean fromLogits = flag(config, "from_logits");
        double smoothing = number(config, "label_smoothing", 0.0);
        return switch (get(name).name()) {
            case "mean_squared_error" -> new MeanSquaredError(reduction);
            case "mean_absolute_error" -> new MeanAbsoluteError(reduction);
            case "huber" -> new Huber(number(config, "delta", 1.0), reduction);
            case "binary_crossentropy" -> new BinaryCrossentropy(fromLogits, smoothing, reduction);
            case "categorical_crossentropy" -> new CategoricalCrossentropy(fromLogits, smoothing, reduction);
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(fromLogits, reduction);
            case "kl_divergence" -> new KLDivergence(reduction);
            case "cosine_similarity" -> new CosineSimilarity(reduction);
            default -> throw new IllegalArgumentException("loss config: no rebuild rule for '" + name + "'");
        };
    }

    private static boolean flag(java.util.Map<String, Object> c, String key) {
        Object v = c.getOrDefault(key, false);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("loss config: '" + key + "' must be true or false, got " + v);
        }
        return b;
    }

    private static double number(java.util.Map<String, Object> c, String key, double fallback) {
        Object v = c.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("loss config: '" + key + "' must be a finite number, got " + v);
        }
        return n.doubleValue();
    }
}
