package dev.synapse.backend;

/**
 * Elementwise functions of one tensor that every backend implements. {@link Backend#unary} receives them as a
 * {@link UnaryFunction}: {@link UnaryFunction.Plain} for the functions without parameters, and for the four
 * that take parameters a record that carries them ({@link UnaryFunction.LeakyRelu}, {@link UnaryFunction.Elu},
 * {@link UnaryFunction.Clamp}, {@link UnaryFunction.PowScalar}), whose constant here names the kernel.
 */
public enum UnaryOp {
    NEG,
    ABS,
    SIGN,
    SQUARE,
    SQRT,
    RSQRT,
    EXP,
    LOG,
    LOG1P,
    EXPM1,
    RECIPROCAL,
    SIN,
    COS,
    TANH,
    SIGMOID,
    ERF,
    FLOOR,
    CEIL,
    ROUND,
    RELU,
    /** {@code x > 0 ? x : slope * x}: {@link UnaryFunction.LeakyRelu}. */
    LEAKY_RELU,
    /** {@code x > 0 ? x : alpha * (exp(x) - 1)}: {@link UnaryFunction.Elu}. */
    ELU,
    SELU,
    /** Exact GELU, {@code x * Phi(x)} with the normal CDF (Keras and PyTorch default). */
    GELU,
    SOFTPLUS,
    SOFTSIGN,
    SILU,
    /** Keras 3 hard sigmoid: {@code relu6(x + 3) / 6}. */
    HARD_SIGMOID,
    /** {@code min(max(x, min), max)}: {@link UnaryFunction.Clamp}. */
    CLAMP,
    /** {@code x ^ exponent} for a scalar exponent: {@link UnaryFunction.PowScalar}. */
    POW_SCALAR,
    /** Logical not of a bool tensor. */
    NOT
}
