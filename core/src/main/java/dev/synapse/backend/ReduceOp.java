package dev.synapse.backend;

/** Reductions over chosen axes that every backend implements; mean, variance and norms are composed. */
public enum ReduceOp {
    SUM,
    PROD,
    MAX,
    MIN
}
