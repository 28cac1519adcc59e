package dev.synapse.tensor;

import java.util.Locale;

/**
 * Thrown when a tensor's storage does not fit the memory its device has left: PyTorch's
 * {@code torch.OutOfMemoryError}. It is an {@link OutOfMemoryError}, so code that catches that keeps
 * working, and its message says what was asked for (dtype, shape, elements, bytes) and which
 * {@code -Xmx} heap would hold it.
 */
public final class TensorAllocationError extends OutOfMemoryError {
    private static final long serialVersionUID = 1L;
    private static final long GIB = 1L << 30;

    private final DType dtype;
    private final int[] shape;

    private TensorAllocationError(String message, DType dtype, int[] shape) {
        super(message);
        this.dtype = dtype;
        this.shape = shape.clone();
    }

    /**
     * The error for a failed allocation of a {@code dtype} tensor of {@code shape} on {@code device};
     * {@code cause} is the JVM's own error. Backends use it for storage they allocate themselves.
     */
    public static TensorAllocationError of(DType dtype, Device device, int[] shape, OutOfMemoryError cause) {
        return build(
                String.format(Locale.ROOT, "a %s tensor of shape %s", dtype, Shape.format(shape)),
                dtype,
                device,
                shape,
                cause);
    }

    /**
     * The error for a failed allocation of a kernel's working buffer ({@code purpose}, such as
     * "conv2d columns") of {@code elements} {@code dtype} values on {@code device}: a kernel's
     * scratch space is reported as a tensor's storage is, so a too-small heap says the same
     * whichever allocation meets it first. {@link #shape()} is {@code [elements]}.
     *
     * @param cause the JVM's own error
     */
    public static TensorAllocationError forBuffer(
            DType dtype, Device device, int elements, String purpose, OutOfMemoryError cause) {
        return build(
                String.format(Locale.ROOT, "a %s working buffer for %s", dtype, purpose),
                dtype,
                device,
                new int[] {elements},
                cause);
    }

    private static TensorAllocationError build(
            String what, DType dtype, Device device, int[] shape, OutOfMemoryError cause) {
        long elements = Shape.numel(shape);
        long bytes = elements * dtype.byteSize();
        Runtime rt = Runtime.getRuntime();
        long inUse = rt.totalMemory() - rt.freeMemory();
        // The heap must hold what is live now plus the new buffer; round up to whole GiB.
        long suggestGib = (inUse + bytes + GIB - 1) / GIB + 1;
        String message = String.format(
                Locale.ROOT,
                "cannot allocate %s on %s: %d elements of %d bytes = %d bytes (%s), "
                        + "but the Java heap has a maximum of %s with %s in use; run java with -Xmx%dg or more, "
                        + "or use smaller tensors (a smaller batch, say)",
                what,
                device,
                elements,
                dtype.byteSize(),
                bytes,
                human(bytes),
                human(rt.maxMemory()),
                human(inUse),
                suggestGib);
        TensorAllocationError e = new TensorAllocationError(message, dtype, shape);
        e.initCause(cause);
        return e;
    }

    /** The element type that was asked for. */
    public DType dtype() {
        return dtype;
    }

    /** The shape that was asked for. */
    public int[] shape() {
        return shape.clone();
    }

    private static String human(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
