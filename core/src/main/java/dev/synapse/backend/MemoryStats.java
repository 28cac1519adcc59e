package dev.synapse.backend;

/**
 * A device's memory figures at one moment, as PyTorch's {@code torch.cuda.memory_allocated},
 * {@code max_memory_allocated}, {@code memory_reserved} and the allocation count of {@code memory_stats}.
 *
 * @param allocatedBytes bytes held by live tensors (rounded up to the allocator's block sizes)
 * @param peakBytes      the most {@code allocatedBytes} has been since the device started or its peak was reset
 * @param reservedBytes  bytes the allocator holds from the device: allocated plus cached free blocks
 * @param allocations    how many blocks were handed out since the device started
 */
public record MemoryStats(long allocatedBytes, long peakBytes, long reservedBytes, long allocations) {
    /** What a backend that does not track its memory (the CPU's, whose arrays the garbage collector owns) reports. */
    public static final MemoryStats UNTRACKED = new MemoryStats(-1, -1, -1, -1);

    /** Whether the backend tracks its memory; false for {@link #UNTRACKED}. */
    public boolean tracked() {
        return allocations >= 0;
    }
}
