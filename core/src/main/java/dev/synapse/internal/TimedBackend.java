package dev.synapse.internal;

import dev.synapse.autograd.ProfileEvent.Kind;
import dev.synapse.backend.ArgReduceOp;
import dev.synapse.backend.Backend;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.FusedUpdate;
import dev.synapse.backend.MemoryStats;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.backend.RandomDraw;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.Storage;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A backend that times each kernel call of another as a {@link Kind#KERNEL} event named {@code kernel NAME}
 * ({@code kernel matmul}, {@code kernel binary add}, {@code kernel unary relu}). {@code Tensor.backend()} hands it
 * out only while a profiler records.
 */
final class TimedBackend implements Backend {
    /** Kernel names by op constant or parameter record class, built once so that a profiled step allocates none. */
    private static final Map<Object, String> NAMES = new ConcurrentHashMap<>();

    private final Backend inner;

    TimedBackend(Backend inner) {
        this.inner = inner;
    }

    private static String name(String family, Object key, String op) {
        return NAMES.computeIfAbsent(key, k -> "kernel " + family + " " + op.toLowerCase(Locale.ROOT));
    }

    private static String unaryName(UnaryFunction f) {
        return f instanceof UnaryFunction.Plain(var op)
                ? name("unary", op, op.name())
                : name("unary", f.getClass(), f.getClass().getSimpleName());
    }

    private static void begin(String name) {
        Profiling.begin(name, Kind.KERNEL);
    }

    @Override
    public Device device() {
        return inner.device();
    }

    @Override
    public long maxElements() {
        return inner.maxElements();
    }

    @Override
    public Storage allocate(DType dtype, long size) {
        begin("kernel allocate");
        try {
            return inner.allocate(dtype, size);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public Storage allocateUninitialized(DType dtype, long size) {
        begin("kernel allocate");
        try {
            return inner.allocateUninitialized(dtype, size);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public Storage fromHost(Object array) {
        begin("kernel fromHost");
        try {
            return inner.fromHost(array);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public Storage fromHost(Object array, DType dtype) {
        begin("kernel fromHost");
        try {
            return inner.fromHost(array, dtype);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public Object toHost(Tensor t) {
        begin("kernel toHost");
        try {
            return inner.toHost(t);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        begin("kernel copy");
        try {
            inner.copy(src, dst);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void fill(Tensor dst, double value) {
        begin("kernel fill");
        try {
            inner.fill(dst, value);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void random(RandomDraw draw, Tensor out) {
        begin("kernel random");
        try {
            inner.random(draw, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void unary(UnaryFunction f, Tensor x, Tensor out) {
        begin(unaryName(f));
        try {
            inner.unary(f, x, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        begin(name("binary", op, op.name()));
        try {
            inner.binary(op, a, b, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        begin("kernel where");
        try {
            inner.where(cond, a, b, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        begin(name("reduce", op, op.name()));
        try {
            inner.reduce(op, x, axes, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void argReduce(ArgReduceOp op, Tensor x, int axis, Tensor out) {
        begin(name("reduce", op, op.name()));
        try {
            inner.argReduce(op, x, axis, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        begin("kernel matmul");
        try {
            inner.matmul(a, b, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out) {
        begin("kernel conv2d");
        try {
            inner.conv2d(x, w, spec, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn) {
        begin("kernel conv2dBackwardInput");
        try {
            inner.conv2dBackwardInput(gradOut, w, spec, gradIn);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW) {
        begin("kernel conv2dBackwardWeight");
        try {
            inner.conv2dBackwardWeight(x, gradOut, spec, gradW);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        begin("kernel maxPool2d");
        try {
            inner.maxPool2d(x, spec, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        begin("kernel maxPool2dBackward");
        try {
            inner.maxPool2dBackward(x, gradOut, spec, gradIn);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void avgPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        begin("kernel avgPool2d");
        try {
            inner.avgPool2d(x, spec, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        begin("kernel avgPool2dBackward");
        try {
            inner.avgPool2dBackward(gradOut, spec, gradIn);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        begin("kernel indexSelect");
        try {
            inner.indexSelect(x, axis, index, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        begin("kernel indexAdd");
        try {
            inner.indexAdd(out, axis, index, src);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        begin("kernel gather");
        try {
            inner.gather(x, axis, index, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        begin("kernel scatterAdd");
        try {
            inner.scatterAdd(out, axis, index, src);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public boolean fusedUpdate(FusedUpdate step, Tensor w, Tensor g) {
        begin(name("fused", step.getClass(), step.getClass().getSimpleName()));
        try {
            return inner.fusedUpdate(step, w, g);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public boolean reluGradAndBiasSum(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        begin("kernel relu_grad + bias sum");
        try {
            return inner.reluGradAndBiasSum(g, y, gz, biasGrad);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public boolean addBiasRelu(Tensor y, Tensor bias) {
        begin("kernel bias + relu");
        try {
            return inner.addBiasRelu(y, bias);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public boolean logSoftmax(Tensor x, Tensor out) {
        begin("kernel log_softmax");
        try {
            return inner.logSoftmax(x, out);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public boolean logSoftmaxBackward(Tensor out, Tensor g, Tensor gx) {
        begin("kernel log_softmax backward");
        try {
            return inner.logSoftmaxBackward(out, g, gx);
        } finally {
            Profiling.end();
        }
    }

    @Override
    public MemoryStats memoryStats() {
        return inner.memoryStats();
    }

    @Override
    public void resetPeakMemoryStats() {
        inner.resetPeakMemoryStats();
    }

    @Override
    public void emptyCache() {
        inner.emptyCache();
    }
}
