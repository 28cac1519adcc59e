package dev.synapse.backend;

/**
 * An elementwise function of one tensor as {@link Backend#unary} receives it: a {@link Plain} {@link UnaryOp}
 * or one of the functions that take parameters, each a record naming its own. A backend dispatches with an
 * exhaustive pattern-matching {@code switch}, so a function added here fails to compile in every backend
 * until it is handled, and a parameter can neither be forgotten nor read in the wrong place.
 */
public sealed interface UnaryFunction
        permits UnaryFunction.Plain,
                UnaryFunction.LeakyRelu,
                UnaryFunction.Elu,
                UnaryFunction.Clamp,
                UnaryFunction.PowScalar {

    /** The function of {@code op}, which must be one that takes no parameters. */
    static UnaryFunction of(UnaryOp op) {
        return new Plain(op);
    }

    /**
     * A function without parameters ({@code torch.exp}, {@code keras.ops.relu}, ...).
     *
     * @param op one of the {@link UnaryOp}s that take no parameters; the others are refused, naming the record
     *           that carries their parameters
     */
    record Plain(UnaryOp op) implements UnaryFunction {
        public Plain {
            String carrier = switch (op) {
                case LEAKY_RELU -> "LeakyRelu(slope)";
                case ELU -> "Elu(alpha)";
                case CLAMP -> "Clamp(min, max)";
                case POW_SCALAR -> "PowScalar(exponent)";
                default -> null;
            };
            if (carrier != null) {
                throw new IllegalArgumentException(
                        "UnaryOp." + op + " takes parameters: pass UnaryFunction." + carrier + " instead");
            }
        }
    }

    /**
     * {@code x > 0 ? x : slope * x} ({@code torch.nn.functional.leaky_relu(x, negative_slope)},
     * {@code keras.layers.LeakyReLU(negative_slope)}).
     */
    record LeakyRelu(double slope) implements UnaryFunction {}

    /** {@code x > 0 ? x : alpha * (exp(x) - 1)} ({@code torch.nn.functional.elu}, {@code keras.activations.elu}). */
    record Elu(double alpha) implements UnaryFunction {}

    /**
     * {@code min(max(x, min), max)}, NaN staying NaN ({@code torch.clamp(x, min, max)},
     * {@code keras.ops.clip(x, min, max)}).
     *
     * @param min the lower bound
     * @param max the upper bound, not below {@code min}
     */
    record Clamp(double min, double max) implements UnaryFunction {
        public Clamp {
            if (min > max) {
                throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
            }
        }
    }

    /** {@code x ^ exponent} for a scalar exponent ({@code torch.pow(x, exponent)}, {@code keras.ops.power}). */
    record PowScalar(double exponent) implements UnaryFunction {}
}
