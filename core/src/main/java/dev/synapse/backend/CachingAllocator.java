package dev.synapse.backend;

import java.lang.foreign.MemorySegment;

/**
 * Device memory handed out in blocks and kept for reuse when freed, so a training loop that frees and
 * allocates the same sizes every step stops calling the device's allocator after its first step (PyTorch's
 * CUDA caching allocator). Blocks are {@link MemorySegment}s: host memory for the emulated device, device
 * addresses for a GPU backend.
 */
public interface CachingAllocator {
    /** A block of at least {@code bytes} bytes, zero-filled; reuses a cached block of the same size class. */
    MemorySegment allocate(long bytes);

    /** Returns a block from {@link #allocate} to the cache; the caller must not touch it afterwards. */
    void free(MemorySegment block);

    /** The current figures. */
    MemoryStats stats();

    /** Sets the peak to what is allocated now ({@code torch.cuda.reset_peak_memory_stats}). */
    void resetPeak();

    /** Gives the cached free blocks back to the device ({@code torch.cuda.empty_cache}). */
    void emptyCache();
}
