package dev.synapse.backend;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;

/**
 * A flat buffer of elements owned by one backend. Tensors are views on storage (shape, strides,
 * offset), so reshaping and slicing never copy. CPU storage is a plain Java array and the garbage
 * collector owns its lifetime.
 */
public interface Storage {
    /** Element type of every element in the buffer. */
    DType dtype();

    /** Number of elements. */
    int size();

    /** The device the buffer lives on. */
    Device device();
}
