package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.autograd.GradMode;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.Tensor;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A layer's bias and relu applied in place on its product's fresh output (a convolution's, a dense layer's), and the
 * backward pass through them, so that the layer is one graph node writing one tensor of its output's size. Where the
 * backend has the one-pass kernels ({@code addBiasRelu}, {@code reluGradAndBiasSum}) each direction is one pass.
 */
final class BiasRelu {
    private BiasRelu() {}

    /**
     * Applies the bias and the relu ({@link #apply}) to {@code out}, the fresh output of a product of {@code x} and
     * {@code w}, and records it as one graph node over {@code x}, {@code w} and {@code bias}. Its backward masks and
     * sums the gradient ({@link #backward}) and hands the masked gradient to the product's own gradient rules,
     * {@code inputGrad} for {@code x} and {@code weightGrad} for {@code w}.
     */
    static Tensor record(
            String op,
            Tensor out,
            Tensor x,
            Tensor w,
            @Nullable Tensor bias,
            boolean relu,
            UnaryOperator<Tensor> inputGrad,
            UnaryOperator<Tensor> weightGrad) {
        apply(out, bias, relu);
        Tensor[] products = OpSupport.savedForProduct(x, w);
        Tensor[] saved = relu ? new Tensor[] {products[0], products[1], out} : products;
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Autograd.record(
                out,
                op,
                saved,
                g -> {
                    Tensor[] gzAndSum = backward(g, out, relu, bias != null && bias.requiresGrad());
                    Tensor gz = gzAndSum[0];
                    Tensor[] grads = new Tensor[inputs.length];
                    grads[0] = x.requiresGrad() ? inputGrad.apply(gz) : null;
                    grads[1] = w.requiresGrad() ? weightGrad.apply(gz) : null;
                    if (inputs.length == 3) {
                        grads[2] = gzAndSum[1];
                    }
                    return grads;
                },
                inputs);
    }

    /** {@code out = relu(out + bias)} in place ({@code bias} along the last axis, null: none; relu only if asked). */
    private static void apply(Tensor out, @Nullable Tensor bias, boolean relu) {
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
    private static Tensor[] backward(Tensor g, Tensor out, boolean relu, boolean wantBiasGrad) {
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
