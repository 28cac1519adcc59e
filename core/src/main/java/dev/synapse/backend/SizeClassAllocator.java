package dev.synapse.backend;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A {@link CachingAllocator} over a device's raw allocate and free: sizes are rounded up to a size class (a power
 * of two, at least {@value #MIN_BLOCK} bytes) and a freed block waits in its class's free list for the next request
 * of that class. Thread-safe; one instance per device.
 */
public final class SizeClassAllocator implements CachingAllocator {
    /** The smallest block: small tensors share one class, as PyTorch rounds to 512 bytes. */
    static final long MIN_BLOCK = 512;

    private final LongFunction<MemorySegment> rawAllocate;
    private final Consumer<MemorySegment> rawFree;
    private final Consumer<MemorySegment> zero;
    private final Map<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();
    private long allocated;
    private long peak;
    private long reserved;
    private long allocations;

    /**
     * @param rawAllocate takes memory of exactly the given size from the device (it may throw {@link
     *     OutOfMemoryError}, after which the cache is emptied and the request tried once more)
     * @param rawFree     gives a block from {@code rawAllocate} back to the device
     */
    public SizeClassAllocator(LongFunction<MemorySegment> rawAllocate, Consumer<MemorySegment> rawFree) {
        this(rawAllocate, rawFree, block -> block.fill((byte) 0));
    }

    /**
     * An allocator whose blocks are not host memory: {@code zero} clears a block handed out (a GPU backend enqueues
     * a memset on its stream, since its blocks are device addresses the host must not touch).
     *
     * @param rawAllocate as above; the segment's address and size name the device memory
     * @param rawFree     as above
     * @param zero        sets every byte of a block to zero
     */
    public SizeClassAllocator(
            LongFunction<MemorySegment> rawAllocate, Consumer<MemorySegment> rawFree, Consumer<MemorySegment> zero) {
        this.rawAllocate = rawAllocate;
        this.rawFree = rawFree;
        this.zero = zero;
    }

    /** The size class of a request: the next power of two, at least 512 bytes. */
    public static long sizeClass(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        }
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        long c = Long.highestOneBit(bytes);
        return c == bytes ? c : Math.multiplyExact(c, 2);
    }

    @Override
    public MemorySegment allocate(long bytes) {
        long size = sizeClass(bytes);
        MemorySegment block;
        synchronized (this) {
            ArrayDeque<MemorySegment> list = free.get(size);
            block = list == null ? null : list.poll();
            if (block == null) {
                block = fresh(size);
                reserved += size;
            }
            allocated += size;
            peak = Math.max(peak, allocated);
            allocations++;
        }
        zero.accept(block);
        return block;
    }

    private MemorySegment fresh(long size) {
        try {
            return rawAllocate.apply(size);
        } catch (OutOfMemoryError e) {
            // The cache may hold enough memory in other size classes: give it back and try once more.
            emptyCache();
            return rawAllocate.apply(size);
        }
    }

    @Override
    public synchronized void free(MemorySegment block) {
        allocated -= block.byteSize();
        free.computeIfAbsent(block.byteSize(), k -> new ArrayDeque<>()).push(block);
    }

    @Override
    public synchronized MemoryStats stats() {
        return new MemoryStats(allocated, peak, reserved, allocations);
    }

    @Override
    public synchronized void resetPeak() {
        peak = allocated;
    }

    @Override
    public synchronized void emptyCache() {
        for (ArrayDeque<MemorySegment> list : free.values()) {
            for (MemorySegment block : list) {
                reserved -= block.byteSize();
                rawFree.accept(block);
            }
        }
        free.clear();
    }
}
