package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.lang.management.ManagementFactory;

/** What the file tests of io and io.internal check alike: bit-identical tensors and the bytes a read allocates. */
public final class IoAssertions {
    private IoAssertions() {}

    /** Bit-identical outputs: compares the raw float bits, so even NaN and -0 must agree. */
    public static void assertSameBits(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.dims(), actual.dims());
        float[] a = expected.to(DType.FLOAT32).toFloatArray();
        float[] b = actual.to(DType.FLOAT32).toFloatArray();
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError("element " + i + ": " + a[i] + " != " + b[i]);
            }
        }
    }

    /** Bytes this thread allocates while {@code r} runs. */
    public static long allocatedBy(ThrowingRunnable r) throws Exception {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        r.run();
        return bean.getCurrentThreadAllocatedBytes() - before;
    }

    /** A block that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
