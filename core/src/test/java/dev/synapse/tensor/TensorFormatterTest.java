package dev.synapse.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exact text of printed CPU tensors; on another device the text also names the device. */
@dev.synapse.testing.CpuOnly
class TensorFormatterTest {

    @Test
    void integralFloatsPrintWithATrailingPoint() {
        assertEquals("tensor([1., 2., 3.])", Tensor.of(1f, 2f, 3f).toString());
        assertEquals(
                "tensor([[1., 2.],\n        [3., 4.]])",
                Tensor.fromArray(new float[][] {{1, 2}, {3, 4}}).toString());
        assertEquals("tensor([-1.,  0., 10.])", Tensor.of(-1f, 0f, 10f).toString());
    }

    @Test
    void fractionsUseFourDecimalsAlignedRight() {
        assertEquals(
                "tensor([ 1.5000, -2.2500,  0.1000])",
                Tensor.of(1.5f, -2.25f, 0.1f).toString());
        assertEquals(
                "tensor([[  0.5000, 100.2500],\n        [  3.0000,  -4.0000]])",
                Tensor.fromArray(new float[][] {{0.5f, 100.25f}, {3f, -4f}}).toString());
    }

    @Test
    void scientificNotationWhenTheRangeDemandsIt() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(1e-5f, 1f).toString());
        assertEquals("tensor([1.0000e+00, 1.0000e+04])", Tensor.of(1f, 1e4f).toString());
        assertEquals(
                "tensor([1.2346e+09])",
                Tensor.of(1.23456789e9).to(DType.FLOAT32).toString());
        assertEquals("tensor([0.0000e+00, 5.0000e-05])", Tensor.of(0f, 5e-5f).toString());
    }

    @Test
    void nonFiniteValues() {
        assertEquals(
                "tensor([  1.,  nan,  inf, -inf])",
                Tensor.of(1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)
                        .toString());
        assertEquals("tensor([0.5000,    nan])", Tensor.of(0.5f, Float.NaN).toString());
    }

    @Test
    void intsAndBoolsPrintPlainlyWithTheirDtype() {
        assertEquals("tensor([ 1, 20, -3], dtype=int32)", Tensor.of(1, 20, -3).toString());
        assertEquals(
                "tensor([[0, 1],\n        [2, 3]], dtype=int64)",
                Tensor.arange(0, 4, 1, DType.INT64).reshape(2, 2).toString());
        assertEquals(
                "tensor([ True, False], dtype=bool)", Tensor.of(true, false).toString());
    }

    @Test
    void scalarsAndEmptyTensors() {
        assertEquals("tensor(3.5000)", Tensor.scalar(3.5).toString());
        assertEquals("tensor(2.)", Tensor.scalar(2).toString());
        assertEquals("tensor(7, dtype=int64)", Tensor.scalar(7, DType.INT64).toString());
        assertEquals("tensor([])", Tensor.zeros(0).toString());
        assertEquals(
                "tensor([], size=(0, 3), dtype=float64)",
                Tensor.zeros(DType.FLOAT64, 0, 3).toString());
    }

    @Test
    void threeDimensionsSeparateBlocksWithABlankLine() {
        assertEquals(
                "tensor([[[0., 1.],\n"
                        + "         [2., 3.]],\n"
                        + "\n"
                        + "        [[4., 5.],\n"
                        + "         [6., 7.]]])",
                Tensor.arange(8).reshape(2, 2, 2).toString());
    }

    @Test
    void gradientInformationIsShown() {
        Tensor x = Tensor.of(0.5, 1.25).requiresGrad(true);
        assertEquals("tensor([0.5000, 1.2500], dtype=float64, requires_grad=True)", x.toString());
        assertEquals(
                "tensor([1.0000, 2.5000], dtype=float64, grad_fn=<mulBackward>)",
                x.mul(2.0).toString());
    }

    @Test
    void longRowsWrapAtEightyColumns() {
        assertEquals(
                "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
                        + "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
                        + "        28., 29.])",
                Tensor.arange(30).toString());
        // A suffix that would pass the line width goes on its own line.
        assertEquals(
                "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.],\n" + "       dtype=float64)",
                Tensor.arange(0, 13, 1, DType.FLOAT64).toString());
    }

    @Test
    void largeTensorsAreSummarised() {
        assertEquals(
                "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n" + "        1.9990e+03])",
                Tensor.arange(2000).toString());
        assertEquals(
                "tensor([[   0,    1,    2,  ...,    7,    8,    9],\n"
                        + "        [  10,   11,   12,  ...,   17,   18,   19],\n"
                        + "        [  20,   21,   22,  ...,   27,   28,   29],\n"
                        + "        ...,\n"
                        + "        [1070, 1071, 1072,  ..., 1077, 1078, 1079],\n"
                        + "        [1080, 1081, 1082,  ..., 1087, 1088, 1089],\n"
                        + "        [1090, 1091, 1092,  ..., 1097, 1098, 1099]], dtype=int32)",
                Tensor.arange(0, 1100, 1, DType.INT32).reshape(110, 10).toString());
        // Exactly at the threshold nothing is cut.
        String full = Tensor.zeros(1000).toString();
        assertEquals(false, full.contains("..."));
    }

    @Test
    void stridedViewsPrintTheirLogicalOrder() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertEquals("tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]])", x.t().toString());
        assertEquals(
                "tensor([[5., 4., 3.],\n        [2., 1., 0.]])", x.flip(0, 1).toString());
        assertEquals(
                "tensor([[1., 1., 1.],\n        [2., 2., 2.]])",
                Tensor.of(1f, 2f).reshape(2, 1).expand(2, 3).toString());
    }

    @Test
    void optionsChangePrecisionAndThreshold() {
        var opts = new TensorFormatter.PrintOptions(2, 5, 1, 80);
        assertEquals("tensor([0.50, 0.25])", TensorFormatter.format(Tensor.of(0.5f, 0.25f), opts));
        assertEquals("tensor([0.,  ..., 9.])", TensorFormatter.format(Tensor.arange(10), opts));
    }

    @Test
    void halfAndSmallIntegerTypesPrintTheirValuesAndName() {
        assertEquals(
                "tensor([0.5000, 0.3333], dtype=float16)",
                Tensor.of(0.5f, 1f / 3f).to(DType.FLOAT16).toString());
        assertEquals(
                "tensor([ 1.0000e+00, -3.3762e+38], dtype=bfloat16)",
                Tensor.of(1f, -3.38e38f).to(DType.BFLOAT16).toString());
        assertEquals(
                "tensor([255,   0,   7], dtype=uint8)",
                Tensor.of(-1, 256, 7).to(DType.UINT8).toString());
        assertEquals(
                "tensor([-128,  127], dtype=int8)",
                Tensor.of(128, 127).to(DType.INT8).toString());
    }
}
