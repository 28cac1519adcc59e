package dev.synapse.backend.emulated;

import dev.synapse.backend.Storage;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;

/**
 * Emulated-device storage: a block of off-heap memory from the device's caching allocator, never a Java array, so
 * a tensor of this device that reaches a CPU kernel (or the reverse) fails instead of being read by accident. The
 * block goes back to the allocator at {@link #release()}, or, as a last resort, when the storage becomes unreachable.
 */
final class EmulatedStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final EmulatedBackend backend;
    private final MemorySegment block;
    private final DType dtype;
    private final long size;
    private long version;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean released;

    EmulatedStorage(EmulatedBackend backend, MemorySegment block, DType dtype, long size) {
        this.backend = backend;
        this.block = block;
        this.dtype = dtype;
        this.size = size;
        // The action must not reach this object, or it would never become unreachable.
        this.cleanable = CLEANER.register(this, () -> backend.allocator().free(block));
    }

    EmulatedBackend backend() {
        return backend;
    }

    /** The memory; callers check {@link #isReleased()} first, since a released block may hold another tensor. */
    MemorySegment block() {
        return block;
    }

    /** Bytes per element as stored: a bool is one byte. */
    static long elementBytes(DType dtype) {
        return layout(dtype).byteSize();
    }

    static ValueLayout layout(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> ValueLayout.JAVA_FLOAT;
            case FLOAT64 -> ValueLayout.JAVA_DOUBLE;
            case INT32 -> ValueLayout.JAVA_INT;
            case INT64 -> ValueLayout.JAVA_LONG;
            case BOOL, INT8, UINT8 -> ValueLayout.JAVA_BYTE;
            case FLOAT16, BFLOAT16, INT16 -> ValueLayout.JAVA_SHORT;
        };
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Device device() {
        return backend.device();
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void bumpVersion() {
        version++;
    }

    /** Gives the block back to the allocator at once; the Cleaner runs its action at most once, so this is too. */
    @Override
    public void release() {
        released = true;
        cleanable.clean();
    }

    @Override
    public boolean isReleased() {
        return released;
    }

    @Override
    public boolean releasable() {
        return true;
    }
}
