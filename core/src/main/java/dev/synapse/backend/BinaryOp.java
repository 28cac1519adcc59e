package dev.synapse.backend;

/** Elementwise functions of two broadcast tensors that every backend implements. */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    POW,
    MAXIMUM,
    MINIMUM,
    /**
     * {@code b <= 0 ? 0 : a}: the gradient {@code a} through a relu whose input is {@code b} (PyTorch's {@code
     * threshold_backward} at 0). A NaN input passes the gradient, as the relu passes the NaN.
     */
    RELU_GRAD,
    /** Comparisons produce bool. */
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    /** Logical ops take and produce bool. */
    AND,
    OR,
    XOR;

    /** True for ops whose result is bool whatever the inputs are. */
    public boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE, AND, OR, XOR -> true;
            default -> false;
        };
    }
}
