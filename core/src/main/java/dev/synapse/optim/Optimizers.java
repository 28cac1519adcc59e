package dev.synapse.optim;

import java.util.Locale;

/** Factories by name, as Keras accepts {@code optimizer="adam"} ({@code keras.optimizers.get}). */
public final class Optimizers {
    private Optimizers() {}

    /** Adam with Keras's defaults. */
    public static Optimizer adam() {
        return new Adam();
    }

    /** Adam with the given learning rate. */
    public static Optimizer adam(double learningRate) {
        return new Adam(learningRate);
    }

    /** SGD with the given learning rate. */
    public static Optimizer sgd(double learningRate) {
        return new SGD(learningRate);
    }

    /** SGD with momentum, optionally Nesterov's. */
    public static Optimizer sgd(double learningRate, double momentum, boolean nesterov) {
        return new SGD(learningRate, momentum, nesterov);
    }

    /** RMSprop with Keras's defaults. */
    public static Optimizer rmsprop() {
        return new RMSprop();
    }

    /** An optimizer with Keras's defaults from its Keras name: sgd, adam, adamw, rmsprop, adagrad, adadelta, nadam. */
    public static Optimizer get(String name) {
        return switch (String.valueOf(name).toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD();
            case "adam" -> new Adam();
            case "adamw" -> new AdamW();
            case "rmsprop" -> new RMSprop();
            case "adagrad" -> new Adagrad();
            case "adadelta" -> new Adadelta();
            case "nadam" -> new Nadam();
            default ->
                throw new IllegalArgumentException("unknown optimizer '" + name
                        + "'; expected one of sgd, adam, adamw, rmsprop, adagrad, adadelta, nadam");
        };
    }
}
