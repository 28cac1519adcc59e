package dev.synapse.ops;

import dev.synapse.autograd.GradMode;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * A layer's bias and relu applied in place on its product's fresh output (a convolution's, a dense layer's), and the
 * backward pass through them, so that the layer is one graph node writing one tensor of its output's size. Where the
 * backend has the one-pass kernels ({@code addBiasRelu}, {@code reluGradAndBiasSum}) each direction is one pass.
 */
final class BiasRelu {
    private BiasRelu() {}

    /** {@code out = relu(out + bias)} in place ({@code bias} along the last axis, null: none; relu only if asked). */
    static void apply(Tensor out, @Nullable Tensor bias, boolean relu) {
        boolean oneKernel = relu && bias != null && out.backend().addBiasRelu(out, bias);
        if (bias != null && !oneKernel) {
            out.backend().binary(BinaryOp.ADD, out, bias, out);
        }
        if (relu && !oneKernel) {
            out.backend().unary(UnaryFunction.of(UnaryOp.RELU), out, out);
        }
    }

    /**
     * {@code {gz, biasGrad}} for the gradient {@code g} of {@link #apply}'s output {@code out}: {@code gz} masked by
     * the relu ({@code relu(z) > 0} exactly where {@code z > 0}, and a NaN passes both), {@code biasGrad} its sum over
     * every axis but the last, or null when not {@code wantBiasGrad}. One pass outside a create_graph backward where
     * the backend can.
     */
    static Tensor[] backward(Tensor g, Tensor out, boolean relu, boolean wantBiasGrad) {
        if (relu && wantBiasGrad && !GradMode.isEnabled()) {
            Tensor gz = OpSupport.uninitialized(g, g.dtype(), g.dims());
            Tensor sum = OpSupport.uninitialized(g, g.dtype(), out.dim(-1));
            if (g.backend().reluGradAndBiasSum(g, out, gz, sum)) {
                return new Tensor[] {gz, sum};
            }
        }
        Tensor gz = relu ? Activations.reluGrad(g, out) : g;
        if (!wantBiasGrad) {
            return new Tensor[] {gz, null};
        }
        int[] batchAxes = new int[gz.rank() - 1];
        for (int i = 0; i < batchAxes.length; i++) {
            batchAxes[i] = i;
        }
        return new Tensor[] {gz, gz.sum(batchAxes, false)};
    }
}
