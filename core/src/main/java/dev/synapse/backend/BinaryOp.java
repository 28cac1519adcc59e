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
