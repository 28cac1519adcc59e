package dev.synapse.spark;

/** Sums a float buffer over every replica of a barrier stage, leaving the same bits on each. */
interface GradientReducer extends AutoCloseable {
    /** Replaces {@code values} by the element-wise sum over all replicas' {@code values}. */
    void sumInPlace(float[] values);

    @Override
    void close();
}
