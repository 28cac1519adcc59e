package dev.synapse.backend;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;

/**
 * A flat buffer of elements owned by one backend. Tensors are views on storage (shape, strides,
 * offset), so reshaping and slicing never copy. Storage is given back by {@link #release()}, which a
 * {@link dev.synapse.tensor.MemoryScope} calls when the step that allocated it ends: device memory to the device's
 * caching allocator, a CPU tensor's Java array to the CPU backend's pool. Storage never released is freed by the
 * garbage collector when unreachable.
 */
public interface Storage {
    /** Element type of every element in the buffer. */
    DType dtype();

    /** Number of elements; a {@code long}, since a device buffer may hold more than 2^31. */
    long size();

    /** The device the buffer lives on. */
    Device device();

    /**
     * How many in-place writes the buffer has had (PyTorch's {@code tensor._version}). All views of
     * the buffer share it; autograd compares it with the value an op saved to detect that a tensor
     * its backward reads was changed after the forward pass.
     */
    long version();

    /**
     * Records one in-place write. Called by every path that writes into an existing tensor: the
     * in-place tensor methods, {@code fill}/{@code assign} and the optimizers' fused updates.
     */
    void bumpVersion();

    /**
     * Gives the buffer's memory back to its device now (what dropping the last reference does in PyTorch). Idempotent.
     * Afterwards every kernel, host read or view of the buffer fails with {@link IllegalStateException}; a backend
     * whose memory the garbage collector owns may do nothing. Storage never released is freed when unreachable.
     */
    void release();

    /** Whether {@link #release()} gave the memory back; always false where release does nothing. */
    boolean isReleased();

    /**
     * Whether {@link #release()} gives memory back. Memory scopes track only such storage: holding the others until
     * a step ends would only keep the garbage collector from freeing them sooner.
     */
    boolean releasable();
}
