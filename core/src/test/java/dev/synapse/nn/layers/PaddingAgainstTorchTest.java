package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.synapse.io.SafeTensors;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Explicit padding of the convolution and pooling layers against PyTorch in float64: outputs and the gradients of
 * {@code sum(y * gy)} from {@code torch_padding.py} (beside the fixture), which stores every tensor channels-last.
 */
class PaddingAgainstTorchTest {
    private static final double TOL = 1e-12;
    private static Map<String, Tensor> fixture;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = PaddingAgainstTorchTest.class.getResourceAsStream("torch_padding.safetensors")) {
            assertNotNull(in, "fixture torch_padding.safetensors");
            fixture = SafeTensors.read(in.readAllBytes(), "torch_padding.safetensors")
                    .tensors();
        }
    }

    private static Tensor get(String key) {
        Tensor t = fixture.get(key);
        assertNotNull(t, key);
        assertEquals(DType.FLOAT64, t.dtype(), key);
        return t;
    }

    /** Runs {@code layer} on the case's input (with its kernel, if any) and checks output and gradients. */
    private static void check(String name, Layer layer) {
        Tensor x = get(name + ".x").copy();
        boolean hasKernel = fixture.containsKey(name + ".w");
        layer.apply(x);
        if (hasKernel) {
            layer.setWeights(get(name + ".w"));
        }
        x.requiresGrad(true);
        Tensor y = layer.apply(x);
        assertClose(name + ".y", get(name + ".y"), y);
        y.mul(get(name + ".gy")).sum().backward();
        assertClose(name + ".dx", get(name + ".dx"), x.grad());
        if (hasKernel) {
            assertClose(
                    name + ".dw",
                    get(name + ".dw"),
                    ((BaseConv) layer).kernel().value().grad());
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertNotNull(actual, what);
        assertArrayEquals(expected.dims(), actual.dims(), what + " shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOL * Math.max(1, Math.abs(e[i])), what + " at " + i);
        }
    }

    @Test
    void maxPool2dPadsWithMinusInfinity() {
        check("maxpool2d", new MaxPooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1)));
    }

    @Test
    void avgPool2dCountsPaddingAsPyTorchAsked() {
        check("avgpool2d_incl", new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1), true));
        check("avgpool2d_excl", new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1), false));
    }

    @Test
    void pool1dWithPadding() {
        check("maxpool1d", new MaxPooling1D(4, 3, Padding.explicit1d(2, 2)));
        check("avgpool1d_incl", new AveragePooling1D(4, 3, Padding.explicit1d(2, 2), true));
    }

    @Test
    void conv2dWithPerAxisAndAsymmetricPadding() {
        check("conv2d_pad12", Conv2D.builder(4, 3).padding(1, 2).useBias(false).build());
        check(
                "conv2d_asym",
                Conv2D.builder(4, 2, 3)
                        .strides(2)
                        .padding(new int[][] {{0, 1}, {2, 1}})
                        .useBias(false)
                        .build());
    }

    @Test
    void conv1dWithPadding() {
        check(
                "conv1d_pad2",
                Conv1D.builder(4, 3).strides(2).padding(2).useBias(false).build());
    }

    @Test
    void conv2dTransposeWithPaddingAndOutputPadding() {
        check(
                "convt2d",
                Conv2DTranspose.builder(2, 5)
                        .strides(2)
                        .padding(2)
                        .outputPadding(1)
                        .useBias(false)
                        .build());
        check(
                "convt2d_pad1",
                Conv2DTranspose.builder(2, 3, 4)
                        .strides(2, 3)
                        .padding(1, 0)
                        .outputPadding(0, 2)
                        .useBias(false)
                        .build());
    }

    @Test
    void sameTransposedPaddingIsPyTorchsShiftedByOnePixel() {
        Tensor x = get("convt2d.x");
        Layer same = Conv2DTranspose.builder(2, 5)
                .strides(2)
                .padding("same")
                .useBias(false)
                .build();
        same.apply(x);
        same.setWeights(get("convt2d.w"));
        Tensor ours = same.apply(x);
        Tensor torch = get("convt2d.y");
        assertArrayEquals(torch.dims(), ours.dims());
        // TensorFlow pads the forward convolution 1 above and 2 below, PyTorch 2 above and 1 below.
        assertClose(
                "same shifted",
                torch.slice(1, 0, 7).slice(2, 0, 9),
                ours.slice(1, 1, 8).slice(2, 1, 10));
    }
}
