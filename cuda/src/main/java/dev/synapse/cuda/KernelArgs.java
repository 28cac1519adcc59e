package dev.synapse.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one kernel launch as {@code cuLaunchKernel} takes them: each value in its own native buffer and
 * an array of pointers to those buffers. Values are added in the order of the {@link Kernel}'s parameter list; an
 * argument of the wrong kind, or too few or too many, fails naming the kernel and the position, before any launch.
 */
final class KernelArgs implements AutoCloseable {
    /** Bytes of {@code struct Dims} and {@code struct View}: nine 8-byte fields each. */
    static final int STRUCT_BYTES = 8 * (Strided.MAX_RANK + 1);

    private final Kernel kernel;
    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment> values = new ArrayList<>();

    KernelArgs(Kernel kernel) {
        this.kernel = kernel;
    }

    private MemorySegment next(Kernel.Param kind) {
        int at = values.size();
        if (at >= kernel.params.size() || kernel.params.get(at) != kind) {
            throw new IllegalStateException("kernel " + kernel.entry + ": argument " + at + " is a " + kind
                    + " but the kernel takes " + kernel.params);
        }
        MemorySegment s = arena.allocate(kind.bytes, 8);
        values.add(s);
        return s;
    }

    KernelArgs i32(int v) {
        next(Kernel.Param.I32).set(ValueLayout.JAVA_INT, 0, v);
        return this;
    }

    /** An unsigned 32-bit value given by its bits. */
    KernelArgs u32(int bits) {
        next(Kernel.Param.U32).set(ValueLayout.JAVA_INT, 0, bits);
        return this;
    }

    KernelArgs i64(long v) {
        next(Kernel.Param.I64).set(ValueLayout.JAVA_LONG, 0, v);
        return this;
    }

    KernelArgs f64(double v) {
        next(Kernel.Param.F64).set(ValueLayout.JAVA_DOUBLE, 0, v);
        return this;
    }

    /** A device address. */
    KernelArgs ptr(long address) {
        next(Kernel.Param.PTR).set(ValueLayout.JAVA_LONG, 0, address);
        return this;
    }

    /** {@code struct Dims}: the sizes, zero beyond the rank, then the rank. */
    KernelArgs dims(long[] sizes) {
        MemorySegment s = next(Kernel.Param.DIMS);
        if (sizes.length > Strided.MAX_RANK) {
            throw new IllegalStateException(
                    "kernel " + kernel.entry + ": rank " + sizes.length + " over " + Strided.MAX_RANK);
        }
        for (int k = 0; k < sizes.length; k++) {
            s.set(ValueLayout.JAVA_LONG, 8L * k, sizes[k]);
        }
        s.set(ValueLayout.JAVA_INT, 8L * Strided.MAX_RANK, sizes.length);
        return this;
    }

    /** {@code struct View}: the element offset, then the strides, zero beyond the rank. */
    KernelArgs view(long offset, long[] strides) {
        MemorySegment s = next(Kernel.Param.VIEW);
        if (strides.length > Strided.MAX_RANK) {
            throw new IllegalStateException(
                    "kernel " + kernel.entry + ": rank " + strides.length + " over " + Strided.MAX_RANK);
        }
        s.set(ValueLayout.JAVA_LONG, 0, offset);
        for (int k = 0; k < strides.length; k++) {
            s.set(ValueLayout.JAVA_LONG, 8L * (k + 1), strides[k]);
        }
        return this;
    }

    /** Operand {@code operand} of a {@link Strided} iteration: its offset and strides. */
    KernelArgs view(Strided it, int operand) {
        return view(it.offset(operand), it.strides(operand));
    }

    /** The array of pointers to the values, once every parameter has one. */
    MemorySegment pointers() {
        if (values.size() != kernel.params.size()) {
            throw new IllegalStateException("kernel " + kernel.entry + ": " + values.size()
                    + " arguments given, it takes " + kernel.params.size() + " " + kernel.params);
        }
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size());
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, values.get(i));
        }
        return array;
    }

    /** The value buffers, for tests. */
    List<MemorySegment> values() {
        return List.copyOf(values);
    }

    Kernel kernel() {
        return kernel;
    }

    @Override
    public void close() {
        arena.close();
    }
}
