package dev.synapse.spark;

import dev.synapse.tensor.Generator;

/**
 * The seeded order in which an epoch visits the samples, shared by every replica and by a single-process run:
 * epoch {@code e} visits sample {@code order(n, seed, e)[p]} at position {@code p}; step {@code s} is positions
 * {@code [s B, (s + 1) B)} and replica {@code r} of {@code N} takes the contiguous shard
 * {@code [s B + r B / N, s B + (r + 1) B / N)} of it. A last partial batch is dropped ({@code drop_last}), so every
 * step has the full global batch and every shard the same size.
 */
public final class GlobalBatches {
    private GlobalBatches() {}

    /**
     * Sample indices in visiting order for {@code epoch} (as {@code torch.randperm} under a generator seeded from
     * the seed and the epoch): the same on every machine for the same arguments.
     */
    public static int[] order(int samples, long seed, int epoch) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, got " + samples);
        }
        return new Generator(seed * 0x9E3779B97F4A7C15L + epoch).permutation(samples);
    }

    /** Position of each sample in {@code order}: the inverse permutation. */
    static int[] positions(int[] order) {
        int[] pos = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            pos[order[p]] = p;
        }
        return pos;
    }

    /** The replica that trains on the sample at {@code position}. */
    static int replicaOf(long position, int globalBatch, int replicas) {
        return (int) (position % globalBatch) / (globalBatch / replicas);
    }
}
