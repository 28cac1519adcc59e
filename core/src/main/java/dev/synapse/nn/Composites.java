package dev.synapse.nn;

import dev.synapse.backend.ReduceOp;
import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.Tensor;

/**
 * Differentiable functions the layers need, written with the engine's ops. Each one is composed
 * so that neither its value nor its gradient overflows (no {@code exp} of a large positive number).
 */
public final class Composites {
    private Composites() {
    }

    static Tensor zero(Tensor like) {
        return Tensor.scalarLike(0.0, like.dtype(), like);
    }

    /** {@code max(x, 0)} with gradient 0 at 0. */
    public static Tensor relu(Tensor x) {
        return Tensor.where(x.gt(0), x, zero(x));
    }

    /** {@code x > 0 ? x : slope * x}. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.gt(0), x, x.mul(slope));
    }

    /** {@code 1 / (1 + exp(-x))}, from {@code exp(-|x|)} so that nothing overflows. */
    public static Tensor sigmoid(Tensor x) {
        Tensor e = x.abs().neg().exp();
        Tensor onePlus = e.add(1.0);
        return Tensor.where(x.ge(Tensor.scalarLike(0.0, x.dtype(), x)), onePlus.rdiv(1.0), e.div(onePlus));
    }

    /** Hyperbolic tangent, {@code 2 sigmoid(2x) - 1}. */
    public static Tensor tanh(Tensor x) {
        return sigmoid(x.mul(2.0)).mul(2.0).sub(1.0);
    }

    /** {@code x > 0 ? x : alpha (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor negPart = x.minimum(zero(x)).exp().sub(1.0).mul(alpha);
        return Tensor.where(x.gt(0), x, negPart);
    }

    /** Scaled ELU with the constants of Klambauer et al. */
    public static Tensor selu(Tensor x) {
        return elu(x, 1.6732632423543772848170429916717).mul(1.0507009873554804934193349852946);
    }

    /** {@code log(1 + exp(x))}, as {@code log1p(exp(-|x|)) + max(x, 0)}. */
    public static Tensor softplus(Tensor x) {
        return x.abs().neg().exp().log1p().add(relu(x));
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        return x.div(x.abs().add(1.0));
    }

    /** {@code x * sigmoid(x)} (swish). */
    public static Tensor silu(Tensor x) {
        return x.mul(sigmoid(x));
    }

    /** Keras 3's {@code relu6(x + 3) / 6}. */
    public static Tensor hardSigmoid(Tensor x) {
        return x.add(3.0).clamp(0.0, 6.0).div(6.0);
    }

    /** {@code 0.5 x (1 + erf(x / sqrt 2))}, the exact GELU, with erf to about 1e-7. */
    public static Tensor gelu(Tensor x) {
        return x.mul(erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
    }

    /** erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
    static Tensor erf(Tensor x) {
        Tensor a = x.abs();
        Tensor t = a.mul(0.3275911).add(1.0).rdiv(1.0);
        Tensor poly = t.mul(1.061405429).add(-1.453152027).mul(t).add(1.421413741).mul(t).add(-0.284496736).mul(t)
                .add(0.254829592).mul(t);
        Tensor y = poly.mul(a.square().neg().exp()).rsub(1.0);
        return Tensor.where(x.ge(zero(x)), y, y.neg());
    }

    /** The maximum over {@code axis} with the axis kept, cut from the graph (a shift that gradients ignore). */
    static Tensor detachedMax(Tensor x, int axis) {
        int a = axis < 0 ? axis + x.rank() : axis;
        int[] shape = x.dims();
        shape[a] = 1;
        Tensor out = OpSupport.empty(x, x.dtype(), shape);
        x.backend().reduce(ReduceOp.MAX, x.detach(), new int[] {a}, out);
        return out;
    }

    /** {@code exp(x) / sum(exp(x))} along {@code axis}, shifted by the maximum. */
    public static Tensor softmax(Tensor x, int axis) {
        Tensor e = x.sub(detachedMax(x, axis)).exp();
        return e.div(e.sum(new int[] {axis}, true));
    }

    /** {@code x - log(sum(exp(x)))} along {@code axis}. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Tensor shifted = x.sub(detachedMax(x, axis));
        return shifted.sub(shifted.exp().sum(new int[] {axis}, true).log());
    }

    /**
     * Joins tensors along {@code axis}; every other dimension must agree. Each part is placed by a
     * product with a 0/1 placement matrix, so the gradient of each part is the matching slice.
     */
    public static Tensor concat(java.util.List<Tensor> parts, int axis) {
        int rank = parts.get(0).rank();
        int a = axis < 0 ? axis + rank : axis;
        int total = 0;
        dev.synapse.tensor.DType dt = parts.get(0).dtype();
        for (Tensor p : parts) {
            total += p.dim(a);
            dt = dev.synapse.tensor.DType.promote(dt, p.dtype());
        }
        Tensor out = null;
        int offset = 0;
        for (Tensor p : parts) {
            int n = p.dim(a);
            double[] e = new double[n * total];
            for (int i = 0; i < n; i++) {
                e[i * total + offset + i] = 1.0;
            }
            Tensor place = Tensor.wrap(e, n, total).to(dt);
            Tensor moved = a == rank - 1 ? p.to(dt) : p.to(dt).transpose(a, rank - 1);
            Tensor y = moved.matmul(place);
            y = a == rank - 1 ? y : y.transpose(a, rank - 1);
            out = out == null ? y : out.add(y);
            offset += n;
        }
        return out;
    }
}
