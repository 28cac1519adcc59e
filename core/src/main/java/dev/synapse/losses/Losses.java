package dev.synapse.losses;

import java.util.Locale;

/** Loss factories by Keras name ({@code loss="categorical_crossentropy"}, {@code keras.losses.get}). */
public final class Losses {
    private Losses() {
    }

    public static Loss meanSquaredError() {
        return new MeanSquaredError();
    }

    public static Loss categoricalCrossentropy() {
        return new CategoricalCrossentropy();
    }

    public static Loss sparseCategoricalCrossentropy() {
        return new SparseCategoricalCrossentropy();
    }

    public static Loss binaryCrossentropy() {
        return new BinaryCrossentropy();
    }

    /**
     * A loss from its Keras name or alias: mse / mean_squared_error, mae / mean_absolute_error, huber,
     * binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, kld / kl_divergence,
     * cosine_similarity.
     */
    public static Loss get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "huber", "huber_loss" -> new Huber();
            case "binary_crossentropy", "bce" -> new BinaryCrossentropy();
            case "categorical_crossentropy" -> new CategoricalCrossentropy();
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy();
            case "kld", "kl_divergence", "kullback_leibler_divergence" -> new KLDivergence();
            case "cosine_similarity" -> new CosineSimilarity();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of mse, mae, huber, "
                    + "binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, kl_divergence, "
                    + "cosine_similarity");
        };
    }
}
