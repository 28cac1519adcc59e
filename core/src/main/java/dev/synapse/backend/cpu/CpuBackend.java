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
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Tensor;

/**
 * The pure-Java CPU backend: Java arrays for storage, Vector API kernels, one shared thread pool
 * ({@link Parallel}). Each family of kernels lives in its own class; this one only dispatches, and gives the
 * kernels the 16- and 8-bit types in the type they compute in ({@link Narrow}).
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
    public Storage allocate(DType dtype, long size) {
        if (size < 0 || size > JavaArrays.MAX_LENGTH) {
            throw new IllegalArgumentException("cpu: cannot allocate " + size + " " + dtype + " elements; one CPU"
                    + " storage is a Java array of at most " + JavaArrays.MAX_LENGTH
                    + " elements (a device backend holds more)");
        }
        return CpuStorage.allocate(dtype, (int) size, true);
    }

    /** A released array of this size from the pool as it is, without zeroing it; else a new (zeroed) one. */
    @Override
    public Storage allocateUninitialized(DType dtype, long size) {
        if (size < 0 || size > JavaArrays.MAX_LENGTH) {
            return allocate(dtype, size);
        }
        return CpuStorage.allocate(dtype, (int) size, false);
    }

    /** A CPU storage is one Java array. */
    @Override
    public long maxElements() {
        return JavaArrays.MAX_LENGTH;
    }

    @Override
    public Storage fromHost(Object array) {
        return new CpuStorage(array);
    }

    @Override
    public Storage fromHost(Object array, DType dtype) {
        return new CpuStorage(array, dtype);
    }

    @Override
    public Object toHost(Tensor t) {
        fits("toHost", t);
        return CopyKernels.toHost(t);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        fits("copy", src, dst);
        CopyKernels.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        fits("fill", dst);
        CopyKernels.fill(dst, value);
    }

    @Override
    public void random(RandomDraw draw, Tensor out) {
        fits("random", out);
        RandomKernels.fill(draw, out);
    }

    @Override
    public void unary(UnaryFunction f, Tensor x, Tensor out) {
        fits("unary", x, out);
        if (narrow(x, out)) {
            Tensor wo = Narrow.widened(out);
            unary(f, Narrow.widened(x), wo);
            Narrow.narrowInto(wo, out);
            return;
        }
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
        fits("binary", a, b, out);
        if (narrow(a, b, out)) {
            Tensor wo = Narrow.widened(out);
            ElementwiseKernels.binary(op, Narrow.widened(a), Narrow.widened(b), wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        ElementwiseKernels.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        fits("where", cond, a, b, out);
        if (narrow(a, b, out)) {
            Tensor wo = Narrow.widened(out);
            ElementwiseKernels.where(cond, Narrow.widened(a), Narrow.widened(b), wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        ElementwiseKernels.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        fits("reduce", x, out);
        if (narrow(x, out)) {
            Tensor wo = Narrow.widened(out);
            ReduceKernels.reduce(op, Narrow.widened(x), axes, wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        ReduceKernels.reduce(op, x, axes, out);
    }

    @Override
    public void argReduce(ArgReduceOp op, Tensor x, int axis, Tensor out) {
        fits("argReduce", x, out);
        ReduceKernels.argReduce(op == ArgReduceOp.ARGMAX, Narrow.widened(x), axis, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        fits("matmul", a, b, out);
        if (narrow(a, b, out)) {
            Tensor wo = Narrow.widened(out);
            MatmulKernels.matmul(Narrow.widened(a), Narrow.widened(b), wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        MatmulKernels.matmul(a, b, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out) {
        fits("conv2d", x, w, out);
        if (narrow(x, w, out)) {
            Tensor wo = Narrow.widened(out);
            ConvKernels.conv2d(Narrow.widened(x), Narrow.widened(w), spec, wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        ConvKernels.conv2d(x, w, spec, out);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn) {
        fits("conv2dBackwardInput", gradOut, w, gradIn);
        if (narrow(gradOut, w, gradIn)) {
            Tensor wi = Narrow.widened(gradIn);
            ConvKernels.backwardInput(Narrow.widened(gradOut), Narrow.widened(w), spec, wi);
            Narrow.narrowInto(wi, gradIn);
            return;
        }
        ConvKernels.backwardInput(gradOut, w, spec, gradIn);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW) {
        fits("conv2dBackwardWeight", x, gradOut, gradW);
        if (narrow(x, gradOut, gradW)) {
            Tensor ww = Narrow.widened(gradW);
            ConvKernels.backwardWeight(Narrow.widened(x), Narrow.widened(gradOut), spec, ww);
            Narrow.narrowInto(ww, gradW);
            return;
        }
        ConvKernels.backwardWeight(x, gradOut, spec, gradW);
    }

    @Override
    public void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        fits("maxPool2d", x, out);
        if (narrow(x, out)) {
            Tensor wo = Narrow.widened(out);
            PoolKernels.maxPool(Narrow.widened(x), spec, wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        PoolKernels.maxPool(x, spec, out);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        fits("maxPool2dBackward", x, gradOut, gradIn);
        if (narrow(x, gradOut, gradIn)) {
            Tensor wi = Narrow.widened(gradIn);
            PoolKernels.maxPoolBackward(Narrow.widened(x), Narrow.widened(gradOut), spec, wi);
            Narrow.narrowInto(wi, gradIn);
            return;
        }
        PoolKernels.maxPoolBackward(x, gradOut, spec, gradIn);
    }

    @Override
    public void avgPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        fits("avgPool2d", x, out);
        if (narrow(x, out)) {
            Tensor wo = Narrow.widened(out);
            PoolKernels.avgPool(Narrow.widened(x), spec, wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        PoolKernels.avgPool(x, spec, out);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        fits("avgPool2dBackward", gradOut, gradIn);
        if (narrow(gradOut, gradIn)) {
            Tensor wi = Narrow.widened(gradIn);
            PoolKernels.avgPoolBackward(Narrow.widened(gradOut), spec, wi);
            Narrow.narrowInto(wi, gradIn);
            return;
        }
        PoolKernels.avgPoolBackward(gradOut, spec, gradIn);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        fits("indexSelect", x, index, out);
        if (narrow(x, index, out)) {
            Tensor wo = Narrow.widened(out);
            IndexKernels.indexSelect(Narrow.widened(x), axis, Narrow.widened(index), wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        IndexKernels.indexSelect(x, axis, index, out);
    }

    @Override
    public void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        fits("indexAdd", out, index, src);
        if (narrow(out, index, src)) {
            Tensor wo = Narrow.widened(out);
            IndexKernels.indexAdd(wo, axis, Narrow.widened(index), Narrow.widened(src));
            Narrow.narrowInto(wo, out);
            return;
        }
        IndexKernels.indexAdd(out, axis, index, src);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        fits("gather", x, index, out);
        if (narrow(x, index, out)) {
            Tensor wo = Narrow.widened(out);
            IndexKernels.gather(Narrow.widened(x), axis, Narrow.widened(index), wo);
            Narrow.narrowInto(wo, out);
            return;
        }
        IndexKernels.gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        fits("scatterAdd", out, index, src);
        if (narrow(out, index, src)) {
            Tensor wo = Narrow.widened(out);
            IndexKernels.scatterAdd(wo, axis, Narrow.widened(index), Narrow.widened(src));
            Narrow.narrowInto(wo, out);
            return;
        }
        IndexKernels.scatterAdd(out, axis, index, src);
    }

    @Override
    public boolean fusedUpdate(FusedUpdate step, Tensor w, Tensor g) {
        fits("fusedUpdate", w, g);
        return OptimizerKernels.update(step, w, g);
    }

    @Override
    public boolean reluGradAndBiasSum(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        fits("reluGradAndBiasSum", g, y, gz);
        return ReluBiasBackward.run(g, y, gz, biasGrad);
    }

    @Override
    public boolean addBiasRelu(Tensor y, Tensor bias) {
        fits("addBiasRelu", y);
        return BiasReluForward.run(y, bias);
    }

    @Override
    public boolean logSoftmax(Tensor x, Tensor out) {
        fits("logSoftmax", x, out);
        return LogSoftmaxRows.forward(x, out);
    }

    @Override
    public boolean logSoftmaxBackward(Tensor out, Tensor g, Tensor gx) {
        fits("logSoftmaxBackward", out, g, gx);
        return LogSoftmaxRows.backward(out, g, gx);
    }

    /**
     * Fails naming the kernel when an operand has more elements than a Java array holds: a broadcast view may (a
     * stride 0 needs no memory), and the kernels index with {@code int}, converting offsets and strides once.
     */
    private static void fits(String kernel, Tensor... operands) {
        for (Tensor t : operands) {
            if (t.size() > JavaArrays.MAX_LENGTH) {
                throw new IllegalArgumentException("cpu " + kernel + ": an operand of shape " + t.shape() + " has "
                        + t.size() + " elements, more than the " + JavaArrays.MAX_LENGTH
                        + " a CPU kernel handles (its Java arrays are int-indexed); split the work into smaller"
                        + " tensors");
            }
        }
    }

    /**
     * True when a kernel's operand is of a 16- or 8-bit type: the kernel then runs on {@link Narrow#widened} copies
     * in float32 or int32 and its result is rounded (or wrapped) once into the output.
     */
    private static boolean narrow(Tensor... operands) {
        for (Tensor t : operands) {
            if (Narrow.is(t.dtype())) {
                return true;
            }
        }
        return false;
    }
}
