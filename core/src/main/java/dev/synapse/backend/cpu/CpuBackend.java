package dev.synapse.backend.cpu;

import dev.synapse.backend.ArgReduceOp;
import dev.synapse.backend.Backend;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.FusedUpdate;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.backend.RandomDraw;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.Storage;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;

/**
 * The pure-Java CPU backend: Java arrays for storage, Vector API kernels, one shared thread pool
 * ({@link Parallel}). Each family of kernels lives in its own class; this one only dispatches.
 */
public final class CpuBackend implements Backend {
    /** The one instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return CpuStorage.allocate(dtype, size);
    }

    @Override
    public Storage fromHost(Object array) {
        return new CpuStorage(array);
    }

    @Override
    public Object toHost(Tensor t) {
        return CopyKernels.toHost(t);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CopyKernels.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        CopyKernels.fill(dst, value);
    }

    @Override
    public void random(RandomDraw draw, Tensor out) {
        RandomKernels.fill(draw, out);
    }

    @Override
    public void unary(UnaryFunction f, Tensor x, Tensor out) {
        // The kernels take the function's parameters positionally: unpacked here, in one place.
        switch (f) {
            case UnaryFunction.Plain(UnaryOp op) -> ElementwiseKernels.unary(op, x, 0, 0, out);
            case UnaryFunction.LeakyRelu(double slope) ->
                ElementwiseKernels.unary(UnaryOp.LEAKY_RELU, x, slope, 0, out);
            case UnaryFunction.Elu(double alpha) -> ElementwiseKernels.unary(UnaryOp.ELU, x, alpha, 0, out);
            case UnaryFunction.Clamp(double min, double max) ->
                ElementwiseKernels.unary(UnaryOp.CLAMP, x, min, max, out);
            case UnaryFunction.PowScalar(double exponent) ->
                ElementwiseKernels.unary(UnaryOp.POW_SCALAR, x, exponent, 0, out);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        ElementwiseKernels.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        ElementwiseKernels.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        ReduceKernels.reduce(op, x, axes, out);
    }

    @Override
    public void argReduce(ArgReduceOp op, Tensor x, int axis, Tensor out) {
        ReduceKernels.argReduce(op == ArgReduceOp.ARGMAX, x, axis, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        MatmulKernels.matmul(a, b, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out) {
        ConvKernels.conv2d(x, w, spec, out);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn) {
        ConvKernels.backwardInput(gradOut, w, spec, gradIn);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW) {
        ConvKernels.backwardWeight(x, gradOut, spec, gradW);
    }

    @Override
    public void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        PoolKernels.maxPool(x, spec, out);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        PoolKernels.maxPoolBackward(x, gradOut, spec, gradIn);
    }

    @Override
    public void avgPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        PoolKernels.avgPool(x, spec, out);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        PoolKernels.avgPoolBackward(gradOut, spec, gradIn);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        IndexKernels.indexSelect(x, axis, index, out);
    }

    @Override
    public void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        IndexKernels.indexAdd(out, axis, index, src);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        IndexKernels.gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        IndexKernels.scatterAdd(out, axis, index, src);
    }

    @Override
    public boolean fusedUpdate(FusedUpdate step, Tensor w, Tensor g) {
        return OptimizerKernels.update(step, w, g);
    }
}
