package dev.synapse.backend;

/** Index reductions along one axis that every backend implements ({@link Backend#argReduce}). */
public enum ArgReduceOp {
    /**
     * Index of the largest element, first one on ties, first NaN if any ({@code torch.argmax}, {@code
     * keras.ops.argmax}).
     */
    ARGMAX,
    /**
     * Index of the smallest element, first one on ties, first NaN if any ({@code torch.argmin}, {@code
     * keras.ops.argmin}).
     */
    ARGMIN
}
