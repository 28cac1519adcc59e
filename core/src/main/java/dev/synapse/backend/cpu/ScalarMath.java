package dev.synapse.backend.cpu;

import dev.synapse.backend.UnaryOp;

/**
 * The scalar definition of every unary op, in double precision (the binary ops' are {@link
 * DoubleScalarMath} and {@link LongScalarMath}, generated from one template). The general kernel
 * paths use it directly and it is the reference the vectorized paths are tested against. exp, log,
 * log1p, expm1 and tanh come from {@link DoubleVectorMath} and sin, cos and pow from {@link
 * StrictMath}, so every result is the same in every JIT tier.
 *
 * <p>NaN propagates through every op built on a comparison (relu, the ELU family, hard sigmoid,
 * clamp, and the binary maximum and minimum), as in PyTorch: each branch is written so that a NaN
 * operand either fails the test that would replace it or flows into arithmetic, never into a
 * constant.
 */
final class ScalarMath {
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private ScalarMath() {}

    static double unary(UnaryOp op, double x, double p1, double p2) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case EXP -> DoubleVectorMath.exp(x);
            case LOG -> DoubleVectorMath.log(x);
            case LOG1P -> DoubleVectorMath.log1p(x);
            case EXPM1 -> DoubleVectorMath.expm1(x);
            case RECIPROCAL -> 1.0 / x;
            case SIN -> StrictMath.sin(x);
            case COS -> StrictMath.cos(x);
            case TANH -> DoubleVectorMath.tanh(x);
            case SIGMOID ->
                x >= 0
                        ? 1.0 / (1.0 + DoubleVectorMath.exp(-x))
                        : DoubleVectorMath.exp(x) / (1.0 + DoubleVectorMath.exp(x));
            case ERF -> Erf.erf(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case RELU -> x <= 0 ? 0.0 : x; // NaN fails the test and passes through, as torch.relu
            case LEAKY_RELU -> x > 0 ? x : p1 * x;
            case ELU -> x > 0 ? x : p1 * DoubleVectorMath.expm1(x);
            case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * DoubleVectorMath.expm1(x));
            case GELU -> Erf.gelu(x);
            case SOFTPLUS -> Math.max(x, 0.0) + DoubleVectorMath.log1p(DoubleVectorMath.exp(-Math.abs(x)));
            case SOFTSIGN -> x / (1.0 + Math.abs(x));
            case SILU -> x * unary(UnaryOp.SIGMOID, x, 0, 0);
            case HARD_SIGMOID -> Math.min(Math.max(x + 3.0, 0.0), 6.0) / 6.0;
            case CLAMP -> Math.min(Math.max(x, p1), p2);
            case POW_SCALAR -> StrictMath.pow(x, p1);
            case NOT -> x == 0.0 ? 1.0 : 0.0;
        };
    }
}
