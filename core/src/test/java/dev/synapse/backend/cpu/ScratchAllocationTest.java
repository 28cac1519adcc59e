package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.TensorAllocationError;
import org.junit.jupiter.api.Test;

/** Kernels' own buffers beyond the heap are reported as tensors are: what was asked for, and which -Xmx. */
class ScratchAllocationTest {
    // About 8 GiB of floats: beyond the tests' heap, within an array's maximum length.
    private static final int HUGE = Integer.MAX_VALUE - 8;

    @Test
    void aConvolutionBufferBeyondTheHeapSaysWhatItWasFor() {
        TensorAllocationError e =
                assertThrows(TensorAllocationError.class, () -> ConvSupport.scratch(new float[0], HUGE));
        assertEquals(DType.FLOAT32, e.dtype());
        assertArrayEquals(new int[] {HUGE}, e.shape());
        String m = e.getMessage();
        assertTrue(
                m.contains("float32 working buffer for convolution columns")
                        && m.contains(HUGE + " elements")
                        && m.contains("-Xmx"),
                m);
        assertTrue(e.getCause() instanceof OutOfMemoryError);
        // The thread's buffer is still usable afterwards.
        assertTrue(((float[]) ConvSupport.scratch(new float[0], 16)).length >= 16);
    }

    @Test
    void aKernelTemporaryBeyondTheHeapNamesItsShape() {
        TensorAllocationError e = assertThrows(
                TensorAllocationError.class, () -> CpuStorage.temporary(DType.FLOAT64, new int[] {46_000, 46_000}));
        assertArrayEquals(new int[] {46_000, 46_000}, e.shape());
        assertTrue(e.getMessage().contains("float64 tensor of shape"), e.getMessage());
    }
}
