package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

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
