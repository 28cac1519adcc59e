package dev.synapse.backend;

/**
 * Elementwise functions of one tensor that every backend implements. Parameters, where an op has
 * them, are passed as {@code p1} and {@code p2} to {@link Backend#unary}.
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
    /** {@code x > 0 ? x : p1 * x}. */
    LEAKY_RELU,
    /** {@code x > 0 ? x : p1 * (exp(x) - 1)}. */
    ELU,
    SELU,
    /** Exact GELU, {@code x * Phi(x)} with the normal CDF (Keras and PyTorch default). */
    GELU,
    SOFTPLUS,
    SOFTSIGN,
    SILU,
    /** Keras 3 hard sigmoid: {@code relu6(x + 3) / 6}. */
    HARD_SIGMOID,
    /** {@code min(max(x, p1), p2)}. */
    CLAMP,
    /** {@code x ^ p1} for a scalar exponent. */
    POW_SCALAR,
    /** Logical not of a bool tensor. */
    NOT
}
