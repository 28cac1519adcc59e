package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/** Matrix products. Transposed operands (views) reach the GEMM kernel without a copy. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /**
     * NumPy {@code matmul}: 2-D matrix product; batched over leading axes with broadcasting; a 1-D
     * left operand is a row vector and a 1-D right operand a column vector, their axis removed after.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least 1 dimension, got shapes "
                    + a.shape() + " and " + b.shape() + "; use mul for scalars");
        }
        if (a.rank() == 1 && b.rank() == 1) {
            return matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.rank() == 1) {
            return matmul(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.rank() == 1) {
            return matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        OpSupport.sameDevice("matmul", a, b);
        OpSupport.requireFloat("matmul", a);
        OpSupport.requireFloat("matmul", b);
        if (a.dtype() != b.dtype()) {
            DType dt = DType.promote(a.dtype(), b.dtype());
            return matmul(a.to(dt), b.to(dt));
        }
        int k = a.dim(-1);
        if (b.dim(-2) != k) {
            throw new IllegalArgumentException(
                    "matmul: shapes " + a.shape() + " and " + b.shape() + " are not aligned: " + k
                            + " (last dimension of the first) != " + b.dim(-2) + " (second-to-last of the second)");
        }
        int[] aBatch = java.util.Arrays.copyOf(a.dims(), a.rank() - 2);
        int[] bBatch = java.util.Arrays.copyOf(b.dims(), b.rank() - 2);
        int[] batch = Shape.broadcast(aBatch, bBatch, "matmul");
        int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = a.dim(-2);
        shape[batch.length + 1] = b.dim(-1);
        Tensor out = OpSupport.uninitialized(a, a.dtype(), shape); // the kernel writes every element
        a.backend().matmul(a, b, out);
        return Autograd.record(
                out,
                "matmul",
                OpSupport.savedForProduct(a, b),
                g -> new Tensor[] {
                    a.requiresGrad() ? g.matmul(b.t()).sumToShape(a.dims()) : null,
                    b.requiresGrad() ? a.t().matmul(g).sumToShape(b.dims()) : null
                },
                a,
                b);
    }

    /**
     * {@code x @ w + bias} ({@code bias} null: none) as one op: Keras {@code Dense} without an activation, PyTorch's
     * {@code F.linear(x, w.T, bias)}, with {@code w} of shape {@code [in, units]} and {@code x} of {@code [..., in]}.
     * The bias is added in place on the product and has its gradient in the same graph node.
     */
    public static Tensor dense(Tensor x, Tensor w, @Nullable Tensor bias) {
        return biasedDense("dense", x, w, bias, false);
    }

    /**
     * {@code relu(x @ w + bias)} as one op: Keras {@code Dense(units, activation="relu")}, PyTorch's {@code
     * F.relu(F.linear(x, w.T, bias))}. The bias and the relu are one pass over the product where the backend has
     * {@code addBiasRelu}, and the backward pass takes the relu's mask from the output; values and gradients are those
     * of the three ops composed.
     */
    public static Tensor denseRelu(Tensor x, Tensor w, @Nullable Tensor bias) {
        return biasedDense("dense_relu", x, w, bias, true);
    }

    /**
     * The product with its bias and relu applied in place, one graph node, as {@code Convolutions} does for Conv2D.
     * Operands the node does not take as they are (another dtype or device, a shape that does not fit) go to the
     * composed ops, which convert them or say what is wrong.
     */
    private static Tensor biasedDense(String op, Tensor x, Tensor w, @Nullable Tensor bias, boolean relu) {
        boolean fits = x.rank() >= 2
                && w.rank() == 2
                && x.dim(-1) == w.dim(0)
                && x.dtype().isFloating()
                && w.dtype() == x.dtype()
                && w.device().equals(x.device())
                && (bias == null
                        || (bias.rank() == 1
                                && bias.dim(0) == w.dim(1)
                                && bias.dtype() == x.dtype()
                                && bias.device().equals(x.device())));
        if (!fits) {
            Tensor z = matmul(x, w);
            if (bias != null) {
                z = z.add(bias);
            }
            return relu ? Activations.relu(z) : z;
        }
        int in = w.dim(0);
        int units = w.dim(1);
        int[] shape = x.dims();
        shape[shape.length - 1] = units;
        Tensor out = OpSupport.uninitialized(x, x.dtype(), shape); // the kernel writes every element
        x.backend().matmul(x, w, out);
        return BiasRelu.record(
                op,
                out,
                x,
                w,
                bias,
                relu,
                gz -> gz.matmul(w.t()),
                gz -> x.reshape(-1, in).t().matmul(gz.reshape(-1, units)));
    }

    /** Inner product of two 1-D tensors (a scalar). */
    public static Tensor dot(Tensor a, Tensor b) {
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException(
                    "dot: expected two 1-D tensors, got shapes " + a.shape() + " and " + b.shape());
        }
        return matmul(a, b);
    }

    /** Outer product of two 1-D tensors: {@code out[i, j] = a[i] * b[j]}. */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException(
                    "outer: expected two 1-D tensors, got shapes " + a.shape() + " and " + b.shape());
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }
}
