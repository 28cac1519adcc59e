package dev.synapse.cuda;

import dev.synapse.backend.Storage;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * Device memory holding one buffer of elements: a block of the device's caching allocator, whose address is a
 * {@code CUdeviceptr} the host never dereferences. The block goes back to the allocator at {@link #release()} or,
 * as a last resort, when the storage becomes unreachable; kernels already queued on the stream that read it run
 * before any later kernel that reuses it, since every kernel of the device goes to one stream.
 */
final class CudaStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final MemorySegment block;
    private final DType dtype;
    private final long size;
    private long version;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean released;

    CudaStorage(CudaBackend backend, MemorySegment block, DType dtype, long size) {
        this.backend = backend;
        this.block = block;
        this.dtype = dtype;
        this.size = size;
        // The action must not reach this object, or it would never become unreachable.
        var allocator = backend.allocator();
        this.cleanable = CLEANER.register(this, () -> allocator.free(block));
    }

    CudaBackend backend() {
        return backend;
    }

    /** The device address of element 0. */
    long address() {
        return block.address();
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
