package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.autograd.GradMode;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Activation functions and the normalizing ops of classifiers (softmax, log-softmax, logsumexp),
 * each with its backward rule written in tensor ops. Integer inputs are converted to float32 first.
 *
 * <p>The rules reuse the forward output where that is cheaper and stabler (sigmoid' = s(1 - s),
 * tanh' = 1 - t^2, softmax' = s(g - sum(g s))). Softmax, log-softmax and logsumexp subtract the
 * maximum before exponentiating, so large logits stay finite; log-softmax is never computed as
 * {@code log(softmax)}.
 */
public final class Activations {
    /** Slope of {@link #leakyRelu(Tensor)}: Keras' {@code LeakyReLU} layer default. */
    public static final double LEAKY_RELU_KERAS_SLOPE = 0.3;
    /** PyTorch's {@code nn.LeakyReLU} default slope, for {@link #leakyRelu(Tensor, double)}. */
    public static final double LEAKY_RELU_TORCH_SLOPE = 0.01;

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;
    private static final double SQRT_2_OVER_PI = 0.79788456080286535588;

    private Activations() {}

    private static Tensor floating(Tensor x) {
        return x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
    }

    /**
     * Softmax's operand in float32 when it is half: exp and the normalizing sum lose too much in float16 or bfloat16,
     * so softmax stays float32 under mixed precision, as Keras recommends for the output layer.
     */
    private static Tensor softmaxOperand(Tensor x) {
        return x.dtype().isHalf() ? x.to(DType.FLOAT32) : floating(x);
    }

    private static Tensor kernel(UnaryOp op, Tensor x) {
        return Arithmetic.unaryKernel(op, x);
    }

    /** {@code x <= 0}: false at NaN, so a rule that tests it sends NaN down its {@code x > 0} branch. */
    private static Tensor nonPositive(Tensor x) {
        return x.le(Arithmetic.scalarFor(x, 0));
    }

    /** A zero that {@code where} broadcasts to {@code like}'s shape: no tensor of zeros is allocated and filled. */
    private static Tensor zeros(Tensor like) {
        return Tensor.scalarLike(0, like.dtype(), like);
    }

    /**
     * {@code max(x, 0)} (Keras {@code relu}, {@code torch.relu}); NaN stays NaN, as in PyTorch and
     * TensorFlow. The gradient at 0 is 0; at NaN it passes through, as PyTorch's.
     */
    public static Tensor relu(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.RELU, xf);
        return Autograd.record(out, "relu", g -> new Tensor[] {reluGrad(g, xf)}, xf);
    }

    /**
     * {@code x <= 0 ? 0 : g} in one kernel, where a comparison and a {@code where} would write a mask and read it
     * back: the relu's gradient (PyTorch's {@code threshold_backward}). Linear in {@code g}, so it records its own
     * gradient for higher derivatives.
     */
    static Tensor reluGrad(Tensor g, Tensor x) {
        Tensor out = Arithmetic.binaryKernel(BinaryOp.RELU_GRAD, "relu backward", g, x);
        return Autograd.record(out, "relu_grad", new Tensor[] {x}, gg -> new Tensor[] {reluGrad(gg, x), null}, g, x);
    }

    /**
     * {@code x > 0 ? x : 0.3 x}: the default of Keras' {@code LeakyReLU} layer. Note that
     * {@code keras.activations.leaky_relu} defaults to 0.2 and PyTorch's {@code nn.LeakyReLU} to
     * 0.01 ({@link #LEAKY_RELU_TORCH_SLOPE}); pass the slope explicitly to match either.
     */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, LEAKY_RELU_KERAS_SLOPE);
    }

    /**
     * {@code x > 0 ? x : alpha x} (Keras {@code LeakyReLU(negative_slope)}, {@code torch.nn.functional.leaky_relu}).
     */
    public static Tensor leakyRelu(Tensor x, double alpha) {
        Tensor xf = floating(x);
        Tensor out = Arithmetic.unaryKernel(new UnaryFunction.LeakyRelu(alpha), xf);
        return Autograd.record(out, "leaky_relu", g -> new Tensor[] {Tensor.where(xf.gt(0), g, g.mul(alpha))}, xf);
    }

    /**
     * {@code x > 0 ? x : alpha (e^x - 1)} (Keras {@code elu}, {@code torch.nn.functional.elu}; both default alpha 1).
     */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor xf = floating(x);
        Tensor out = Arithmetic.unaryKernel(new UnaryFunction.Elu(alpha), xf);
        // For x <= 0 the derivative alpha e^x equals out + alpha; a NaN takes the x > 0 branch, as in PyTorch.
        return Autograd.record(
                out,
                "elu",
                new Tensor[] {xf, out},
                g -> new Tensor[] {Tensor.where(nonPositive(xf), g.mul(out.add(alpha)), g)},
                xf);
    }

    /** ELU with alpha 1. */
    public static Tensor elu(Tensor x) {
        return elu(x, 1.0);
    }

    /**
     * Scaled ELU, {@code scale * (x > 0 ? x : alpha (e^x - 1))} with alpha = 1.6732632423543772 and
     * scale = 1.0507009873554805 (Keras {@code selu}, {@code torch.selu}).
     */
    public static Tensor selu(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.SELU, xf);
        return Autograd.record(
                out,
                "selu",
                new Tensor[] {xf, out},
                g -> new Tensor[] {
                    Tensor.where(nonPositive(xf), g.mul(out.add(SELU_SCALE * SELU_ALPHA)), g.mul(SELU_SCALE))
                },
                xf);
    }

    /** The error function ({@code torch.erf}, {@code keras.ops.erf}); derivative {@code 2/sqrt(pi) e^(-x^2)}. */
    public static Tensor erf(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.ERF, xf);
        return Autograd.record(
                out,
                "erf",
                g -> new Tensor[] {g.mul(xf.square().neg().exp().mul(2 * INV_SQRT_2PI * Math.sqrt(2)))},
                xf);
    }

    /**
     * Exact GELU, {@code x Phi(x)} with the standard normal CDF (Keras {@code gelu(approximate=False)},
     * PyTorch {@code gelu(approximate='none')}, both defaults in PyTorch; Keras 3 defaults to the
     * tanh form, {@link #geluTanh}).
     */
    public static Tensor gelu(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.GELU, xf);
        // d/dx x Phi(x) = Phi(x) + x phi(x).
        return Autograd.record(
                out,
                "gelu",
                g -> {
                    Tensor cdf = erf(xf.mul(Math.sqrt(0.5))).add(1.0).mul(0.5);
                    Tensor pdf = xf.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
                    return new Tensor[] {g.mul(cdf.add(xf.mul(pdf)))};
                },
                xf);
    }

    /**
     * GELU's tanh approximation, {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (Keras
     * {@code gelu(approximate=True)}, PyTorch {@code gelu(approximate='tanh')}); composed of tensor
     * ops, so its gradient follows from theirs.
     */
    public static Tensor geluTanh(Tensor x) {
        Tensor xf = floating(x);
        Tensor inner = xf.add(xf.pow(3.0).mul(0.044715)).mul(SQRT_2_OVER_PI);
        return xf.mul(0.5).mul(tanh(inner).add(1.0));
    }

    /** {@code 1 / (1 + e^-x)} (Keras {@code sigmoid}, {@code torch.sigmoid}); saturates without overflow. */
    public static Tensor sigmoid(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.SIGMOID, xf);
        return Autograd.record(
                out,
                "sigmoid",
                new Tensor[] {out},
                g -> new Tensor[] {g.mul(out).mul(out.rsub(1.0))},
                xf);
    }

    /** Hyperbolic tangent (Keras {@code tanh}, {@code torch.tanh}). */
    public static Tensor tanh(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.TANH, xf);
        return Autograd.record(
                out,
                "tanh",
                new Tensor[] {out},
                g -> new Tensor[] {g.mul(out.square().rsub(1.0))},
                xf);
    }

    /**
     * {@code log(1 + e^x)}, computed as {@code max(x, 0) + log1p(e^-|x|)} (Keras {@code softplus},
     * {@code torch.nn.functional.softplus}).
     */
    public static Tensor softplus(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.SOFTPLUS, xf);
        return Autograd.record(out, "softplus", g -> new Tensor[] {g.mul(sigmoid(xf))}, xf);
    }

    /** {@code x / (1 + |x|)} (Keras {@code softsign}, {@code torch.nn.functional.softsign}). */
    public static Tensor softsign(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.SOFTSIGN, xf);
        return Autograd.record(
                out, "softsign", g -> new Tensor[] {g.div(xf.abs().add(1.0).square())}, xf);
    }

    /** {@code x sigmoid(x)}, also called swish (Keras {@code silu}/{@code swish}, {@code torch.nn.functional.silu}). */
    public static Tensor silu(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.SILU, xf);
        return Autograd.record(
                out,
                "silu",
                g -> {
                    Tensor s = sigmoid(xf);
                    return new Tensor[] {g.mul(s.mul(xf.mul(s.rsub(1.0)).add(1.0)))};
                },
                xf);
    }

    /**
     * Keras 3's hard sigmoid {@code relu6(x + 3) / 6}, the same as PyTorch's {@code hardsigmoid}
     * (Keras 2 used {@code 0.2 x + 0.5} instead). The gradient is 1/6 strictly inside (-3, 3).
     */
    public static Tensor hardSigmoid(Tensor x) {
        Tensor xf = floating(x);
        Tensor out = kernel(UnaryOp.HARD_SIGMOID, xf);
        return Autograd.record(
                out,
                "hard_sigmoid",
                g -> {
                    Tensor inside = xf.gt(-3.0).and(xf.lt(3.0));
                    return new Tensor[] {Tensor.where(inside, g.div(6.0), zeros(g))};
                },
                xf);
    }

    /**
     * The maximum over {@code axes}, kept as size 1, with no gradient; 0 where it is infinite (a row of -inf), so
     * shifting stays finite.
     */
    private static Tensor shift(Tensor x, int[] axes) {
        Tensor m = Reductions.reduceKernel(ReduceOp.MAX, x, axes, x.dtype());
        Tensor finite = m.abs().lt(Double.POSITIVE_INFINITY);
        return Tensor.where(finite, m, Tensor.zerosLike(m));
    }

    /**
     * {@code e^x / sum(e^x)} along {@code axis} (Keras {@code softmax(axis=-1)}, {@code torch.softmax}),
     * computed from {@code x - max} so that large logits do not overflow.
     */
    public static Tensor softmax(Tensor x, int axis) {
        Tensor xf = softmaxOperand(x);
        int[] ax = OpSupport.normalizeAxes(new int[] {axis}, xf.rank(), "softmax");
        Tensor d = xf.detach();
        Tensor e = d.sub(shift(d, ax)).exp();
        Tensor out = e.div(Reductions.reduceKernel(ReduceOp.SUM, e, ax, e.dtype()));
        return Autograd.record(
                out,
                "softmax",
                new Tensor[] {out},
                g -> {
                    Tensor gs = g.mul(out);
                    return new Tensor[] {gs.sub(out.mul(gs.sum(ax, true)))};
                },
                xf);
    }

    /** Softmax along the last axis. */
    public static Tensor softmax(Tensor x) {
        return softmax(x, -1);
    }

    /**
     * {@code x - logsumexp(x)} along {@code axis} (Keras {@code log_softmax}, {@code torch.log_softmax}),
     * computed directly, never as {@code log(softmax)}, so it stays finite where softmax underflows.
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Tensor xf = softmaxOperand(x);
        int[] ax = OpSupport.normalizeAxes(new int[] {axis}, xf.rank(), "logSoftmax");
        Tensor d = xf.detach();
        boolean lastAxis = ax[0] == xf.rank() - 1;
        Tensor out = OpSupport.uninitialized(d, d.dtype(), d.dims());
        if (!lastAxis || !d.backend().logSoftmax(d, out)) {
            Tensor shifted = d.sub(shift(d, ax));
            Tensor lse = Reductions.reduceKernel(ReduceOp.SUM, shifted.exp(), ax, d.dtype())
                    .log();
            d.backend().binary(BinaryOp.SUB, shifted, lse, out);
        }
        return Autograd.record(
                out,
                "log_softmax",
                new Tensor[] {out},
                g -> {
                    // Outside a create_graph backward, in one kernel where the backend has one.
                    if (lastAxis && !GradMode.isEnabled()) {
                        Tensor gx = OpSupport.uninitialized(g, g.dtype(), g.dims());
                        if (!g.backend().logSoftmaxBackward(out, g, gx)) {
                            g.backend().binary(BinaryOp.SUB, g, out.exp().mul(g.sum(ax, true)), gx);
                        }
                        return new Tensor[] {gx};
                    }
                    return new Tensor[] {g.sub(out.exp().mul(g.sum(ax, true)))};
                },
                xf);
    }

    /** Log-softmax along the last axis. */
    public static Tensor logSoftmax(Tensor x) {
        return logSoftmax(x, -1);
    }

    /**
     * {@code log(sum(e^x))} over {@code axes} ({@code null}: all), as {@code max + log(sum(e^(x - max)))}
     * so that it neither overflows nor underflows (Keras {@code ops.logsumexp}, {@code torch.logsumexp}).
     * Its gradient is the softmax over the same axes.
     */
    public static Tensor logSumExp(Tensor x, int @Nullable [] axes, boolean keepDims) {
        Tensor xf = floating(x);
        int[] ax = OpSupport.normalizeAxes(axes, xf.rank(), "logSumExp");
        Tensor d = xf.detach();
        Tensor m = shift(d, ax);
        Tensor kept = Reductions.reduceKernel(ReduceOp.SUM, d.sub(m).exp(), ax, d.dtype())
                .log()
                .add(m);
        int[] dims = xf.dims();
        Autograd.record(
                kept,
                "logsumexp",
                new Tensor[] {xf, kept},
                g -> new Tensor[] {g.mul(xf.detach().sub(kept).exp())},
                xf);
        return Reductions.finish(kept, dims, ax, keepDims);
    }
}
