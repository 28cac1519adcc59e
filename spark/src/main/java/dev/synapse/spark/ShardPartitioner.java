package dev.synapse.spark;

import org.apache.spark.Partitioner;

/** Sends the sample at an epoch position to the replica whose shard of that step holds it. */
final class ShardPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int globalBatch;
    private final int replicas;

    ShardPartitioner(int globalBatch, int replicas) {
        this.globalBatch = globalBatch;
        this.replicas = replicas;
    }

    @Override
    public int numPartitions() {
        return replicas;
    }

    @Override
    public int getPartition(Object key) {
        return GlobalBatches.replicaOf((Long) key, globalBatch, replicas);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardPartitioner p && p.globalBatch == globalBatch && p.replicas == replicas;
    }

    @Override
    public int hashCode() {
        return 31 * globalBatch + replicas;
    }
}
