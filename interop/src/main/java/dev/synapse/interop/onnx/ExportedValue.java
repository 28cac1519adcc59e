package dev.synapse.interop.onnx;

/**
 * A tensor of the ONNX graph standing for a Synapse value: its name, rank, element type and layout.
 * Synapse is channels-last; a value of rank 3 or more may instead be held channels-first (the layout
 * ONNX's convolutions and pooling want), its channel axis moved from last to second.
 */
record ExportedValue(String name, int rank, int elemType, boolean channelsFirst) {

    /** A channels-last (Synapse-layout) value. */
    static ExportedValue of(String name, int rank, int elemType) {
        return new ExportedValue(name, rank, elemType, false);
    }

    /** The permutation taking a channels-last tensor of {@code rank} axes to channels-first. */
    static long[] toChannelsFirst(int rank) {
        long[] p = new long[rank];
        p[1] = rank - 1L;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1L;
        }
        return p;
    }

    /** The permutation taking a channels-first tensor of {@code rank} axes back to channels-last. */
    static long[] toChannelsLast(int rank) {
        long[] p = new long[rank];
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1L;
        }
        p[rank - 1] = 1;
        return p;
    }

    /** Where channels-last axis {@code axis} (non-negative) sits in this value's layout. */
    int axis(int axis) {
        if (!channelsFirst || axis == 0) {
            return axis;
        }
        return axis == rank - 1 ? 1 : axis + 1;
    }
}
