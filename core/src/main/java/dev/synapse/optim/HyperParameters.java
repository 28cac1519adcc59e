package dev.synapse.optim;

/**
 * The checks every optimizer and schedule applies to its settings when it is made, as Keras and
 * PyTorch raise {@code ValueError} for them: a negative or NaN learning rate would otherwise train to
 * NaN without a word. Each message names the optimizer, the parameter and the value.
 */
final class HyperParameters {
    private HyperParameters() {}

    /** A learning rate: finite and 0 or more (0 freezes the weights, as in both frameworks). */
    static double learningRate(String owner, double rate) {
        return nonNegative(owner, "learningRate", rate);
    }

    /** A finite value, 0 or more: epsilon, momentum, weight decay, clipping bounds. */
    static double nonNegative(String owner, String parameter, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    owner + ": " + parameter + " must be a finite number, 0 or more, got " + value);
        }
        return value;
    }

    /** A decay factor in {@code [0, 1)}: betas, rho, momentum. */
    static double fraction(String owner, String parameter, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + parameter + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A factor in {@code [0, 1]}. */
    static double closedFraction(String owner, String parameter, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(owner + ": " + parameter + " must be in [0, 1], got " + value);
        }
        return value;
    }
}
