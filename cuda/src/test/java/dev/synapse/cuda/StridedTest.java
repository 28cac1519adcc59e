package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** How operands are folded into the kernels' Dims and Views (CPU tensors stand in: only their layout is read). */
class StridedTest {
    @Test
    void aContiguousTensorIsOneAxis() {
        Tensor x = Tensor.zeros(4, 5, 6);
        Strided it = Strided.over("t", x.dims(), x, x);
        assertArrayEquals(new long[] {120}, it.sizes());
        assertArrayEquals(new long[] {1}, it.strides(0));
        assertEquals(120, it.count());
    }

    @Test
    void aBiasAddIsTwoAxesWithTheBiasBroadcastAlongTheRows() {
        Tensor x = Tensor.zeros(8, 4, 5);
        Tensor bias = Tensor.zeros(5);
        Strided it = Strided.over("t", x.dims(), x, bias, x);
        assertArrayEquals(new long[] {32, 5}, it.sizes());
        assertArrayEquals(new long[] {5, 1}, it.strides(0));
        assertArrayEquals(new long[] {0, 1}, it.strides(1));
    }

    @Test
    void aTransposedViewKeepsItsAxesAndOffsetsSurvive() {
        Tensor x = Tensor.zeros(3, 4).transpose(0, 1);
        Tensor out = Tensor.zeros(4, 3);
        Strided it = Strided.over("t", out.dims(), x, out);
        assertArrayEquals(new long[] {4, 3}, it.sizes());
        assertArrayEquals(new long[] {1, 4}, it.strides(0));
        assertArrayEquals(new long[] {3, 1}, it.strides(1));
        Tensor row = Tensor.zeros(3, 4).slice(0, 1, 2);
        assertEquals(4, Strided.over("t", row.dims(), row).offset(0));
    }

    @Test
    void sizeOneAxesAreDroppedAndAScalarHasNoAxes() {
        Strided it = Strided.of("t", new long[] {1, 7, 1}, new long[] {0}, new long[][] {{99, 1, 99}});
        assertArrayEquals(new long[] {7}, it.sizes());
        Strided scalar = Strided.of("t", new long[] {}, new long[] {3}, new long[][] {{}});
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.count());
        assertEquals(3, scalar.offset(0));
    }

    @Test
    void moreThanEightAxesThatCannotMergeAreRefusedNamingTheKernel() {
        long[] sizes = new long[9];
        long[] strides = new long[9];
        for (int k = 0; k < 9; k++) {
            sizes[k] = 2;
            strides[k] = 1L << (2 * (8 - k)); // each axis skips a gap: nothing merges
        }
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class,
                () -> Strided.of("binary ADD", sizes, new long[] {0}, new long[][] {strides}));
        assertTrue(e.getMessage().startsWith("binary ADD on cuda: the operands' layouts leave 9 axes"), e.getMessage());
        long[] dense = new long[9];
        for (int k = 0; k < 9; k++) {
            dense[k] = 1L << (8 - k);
        }
        assertEquals(
                1, Strided.of("t", sizes, new long[] {0}, new long[][] {dense}).rank(), "a dense rank 9 is one axis");
    }
}
