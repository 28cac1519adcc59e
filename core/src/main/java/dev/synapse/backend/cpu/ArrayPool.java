package dev.synapse.backend.cpu;

import dev.synapse.tensor.DType;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU backend's caching allocator: Java arrays of released tensor storage (a {@code MemoryScope}, which the
 * trainer opens for every step, releases what the step allocated), kept by dtype and exact length and handed to the
 * next allocation of that size, zeroed. A training loop allocates the same sizes every step, so after its first step
 * it stops asking the JVM for fresh arrays, whose zeroing runs on the allocating thread alone and writes memory that
 * is not in cache (PyTorch keeps its CPU tensors' blocks in the C allocator's free lists the same way).
 *
 * <p>Only arrays of at least {@link #MIN_ELEMENTS} elements are kept (the JVM allocates small ones from the thread's
 * buffer for almost nothing), and at most a quarter of the maximum heap in all; {@link #clear()} gives them back to
 * the garbage collector, which the backend does before reporting a heap too small for a new tensor.
 */
final class ArrayPool {
    /** Elements below which an array is not worth keeping. */
    static final int MIN_ELEMENTS = 1 << 14;

    static final ArrayPool SHARED = new ArrayPool(Runtime.getRuntime().maxMemory() / 4);

    private record Key(DType dtype, int length) {}

    private final long capacityBytes;
    private final Map<Key, ArrayDeque<Object>> free = new HashMap<>();
    private long keptBytes;

    ArrayPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** A kept array of {@code dtype}'s storage type and exactly {@code length} elements, not zeroed, or null. */
    synchronized Object take(DType dtype, int length) {
        ArrayDeque<Object> q = free.get(new Key(dtype, length));
        Object a = q == null ? null : q.pollLast();
        if (a != null) {
            keptBytes -= bytes(dtype, length);
        }
        return a;
    }

    /** Keeps {@code array} (of {@code dtype}'s storage type) for reuse, unless the pool is full; false then. */
    synchronized boolean give(DType dtype, Object array) {
        int length = Array.getLength(array);
        long b = bytes(dtype, length);
        if (length < MIN_ELEMENTS || keptBytes + b > capacityBytes) {
            return false;
        }
        free.computeIfAbsent(new Key(dtype, length), k -> new ArrayDeque<>()).addLast(array);
        keptBytes += b;
        return true;
    }

    /** Drops every kept array. */
    synchronized void clear() {
        free.clear();
        keptBytes = 0;
    }

    /** Bytes of the arrays kept now. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    private static long bytes(DType dtype, long length) {
        return length
                * switch (dtype) {
                    case FLOAT64, INT64 -> 8;
                    case FLOAT32, INT32 -> 4;
                    case FLOAT16, BFLOAT16, INT16 -> 2;
                    case BOOL, INT8, UINT8 -> 1;
                };
    }
}
