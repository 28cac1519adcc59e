package dev.synapse.spark;

/**
 * How replicas sum their gradients each step ({@link SparkTrainer.Builder#allReduce}).
 *
 * <p>{@link #RING} (the default) is a ring all-reduce over TCP sockets between the tasks, as Horovod and Gloo do:
 * each replica moves {@code 2 (N - 1) / N} times the gradient bytes per step, whatever {@code N}. {@link #DRIVER}
 * sends every replica's gradients through Spark's {@code BarrierTaskContext.allGather}, which routes them through
 * the driver as Base64 text: no extra port, but the driver moves {@code N} times the bytes in and {@code N^2} out
 * per step. See {@code docs/spark.md} for their measured costs.
 */
public enum AllReduce {
    /** Ring all-reduce over TCP between the barrier tasks (addresses exchanged once per stage). */
    RING,
    /** Every replica's gradients through the driver with {@code BarrierTaskContext.allGather}. */
    DRIVER
}
