package dev.synapse.spark;

import java.io.Serializable;

/**
 * What one replica reports after a chunk of steps: the global mean loss of each step (the same on every replica),
 * a checksum of its weights after the chunk (equal on all replicas or the job fails), and where its time went.
 */
record ChunkResult(int rank, double[] losses, long weightChecksum, long computeNanos, long communicationNanos)
        implements Serializable {}
