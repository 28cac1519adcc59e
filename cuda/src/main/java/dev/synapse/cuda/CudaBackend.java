package dev.synapse.cuda;

import dev.synapse.backend.ArgReduceOp;
import dev.synapse.backend.Backend;
import dev.synapse.backend.Backends;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.CachingAllocator;
import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.MemoryStats;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.backend.RandomDraw;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.SizeClassAllocator;
import dev.synapse.backend.Storage;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code cuda} device: tensors in GPU memory from a caching allocator, every kernel queued on the device's one
 * stream (so kernels run in the order they are issued and the host waits only when it reads: {@link #toHost}),
 * elementwise work, reductions, random draws and indexing in Synapse's own PTX kernels, and matrix products in cuBLAS
 * (float32 in full precision unless {@link Cuda#setAllowTf32} allows TF32, as {@code
 * torch.backends.cuda.matmul.allow_tf32}). Half and narrow integer types compute widened to float32 and int32 and
 * round once, as on the CPU.
 *
 * <p>Not yet on cuda (they throw {@link UnsupportedOperationException} naming themselves): {@code conv2d} and its
 * two backward kernels, max and average pooling with theirs, and integer {@code matmul}.
 */
public final class CudaBackend implements Backend {
    private final Device device;
    private final CudaRuntime runtime;
    private final Driver driver;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final Kernels kernels;
    private final MemorySegment blas;
    private final SizeClassAllocator allocator;
    private final String name;
    private final Backend cpu = Backends.get(Device.CPU);
    private int mathMode;

    private static final ThreadLocal<MemorySegment> CURRENT = ThreadLocal.withInitial(() -> MemorySegment.NULL);

    CudaBackend(CudaRuntime runtime, int index) {
        this.runtime = runtime;
        this.driver = runtime.driver;
        this.device = Device.cuda(index);
        if (index >= runtime.deviceCount) {
            throw new CudaUnavailableException("CUDA device " + index + " does not exist: this machine has "
                    + runtime.deviceCount + " (cuda:0"
                    + (runtime.deviceCount > 1 ? " to cuda:" + (runtime.deviceCount - 1) : "")
                    + ")");
        }
        int ordinal = driver.device(index);
        this.name = driver.deviceName(ordinal);
        int major = driver.attribute(ordinal, Driver.ATTR_CC_MAJOR);
        int minor = driver.attribute(ordinal, Driver.ATTR_CC_MINOR);
        String arch = Ptx.architectureFor(major, minor, name);
        this.context = driver.primaryContext(ordinal);
        makeCurrent();
        this.stream = driver.createStream();
        this.kernels = new Kernels(driver, stream, arch);
        this.mathMode = Cuda.allowTf32() ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH;
        this.blas = runtime.cublas.create(stream, mathMode);
        this.allocator = new SizeClassAllocator(this::rawAllocate, this::rawFree, this::zero);
    }

    @Override
    public Device device() {
        return device;
    }

    /** The GPU's name, as {@code torch.cuda.get_device_name}. */
    public String deviceName() {
        return name;
    }

    CachingAllocator allocator() {
        return allocator;
    }

    /** Waits until every kernel and copy queued so far has finished ({@code torch.cuda.synchronize}). */
    public void synchronize() {
        makeCurrent();
        driver.synchronize(stream);
    }

    /** Milliseconds the GPU spent on {@code work}, between two events recorded on the stream around it. */
    public double time(Runnable work) {
        makeCurrent();
        MemorySegment start = driver.createEvent();
        MemorySegment end = driver.createEvent();
        driver.record(start, stream);
        work.run();
        makeCurrent();
        driver.record(end, stream);
        return driver.elapsedMillis(start, end);
    }

    private void makeCurrent() {
        if (!CURRENT.get().equals(context)) {
            driver.setCurrent(context);
            CURRENT.set(context);
        }
    }

    // ---- memory --------------------------------------------------------------------------------

    private MemorySegment rawAllocate(long bytes) {
        makeCurrent();
        long p = driver.allocateOrZero(bytes);
        if (p == 0) {
            throw new OutOfMemoryError(device + ": cuMemAlloc of " + bytes + " bytes");
        }
        return Native.deviceBlock(p, bytes);
    }

    private void rawFree(MemorySegment block) {
        makeCurrent();
        driver.free(block.address());
    }

    private void zero(MemorySegment block) {
        makeCurrent();
        driver.memsetAsync(block.address(), block.byteSize(), stream);
    }

    @Override
    public MemoryStats memoryStats() {
        return allocator.stats();
    }

    @Override
    public void resetPeakMemoryStats() {
        allocator.resetPeak();
    }

    @Override
    public void emptyCache() {
        // Blocks freed but possibly still read by queued kernels go back to the driver only after those ran.
        synchronize();
        allocator.emptyCache();
    }

    @Override
    public Storage allocate(DType dtype, long size) {
        if (size < 0 || size > maxElements()) {
            throw new IllegalArgumentException(
                    device + ": cannot allocate " + size + " " + dtype + " elements (at most " + maxElements() + ")");
        }
        long bytes = Math.multiplyExact(KernelCodes.bytes(dtype), size);
        try {
            return new CudaStorage(this, allocator.allocate(bytes), dtype, size);
        } catch (OutOfMemoryError e) {
            makeCurrent();
            long[] info = driver.memoryInfo();
            throw new CudaOutOfMemoryException(
                    device,
                    size + " " + dtype + " elements",
                    bytes,
                    SizeClassAllocator.sizeClass(bytes),
                    info[0],
                    info[1],
                    allocator.stats());
        }
    }

    @Override
    public Storage fromHost(Object array) {
        return fromHost(array, cpu.fromHost(array).dtype());
    }

    @Override
    public Storage fromHost(Object array, DType dtype) {
        // The CPU backend checks that the array's type holds dtype, and adopts it without a copy.
        Storage checked = cpu.fromHost(array, dtype);
        long n = checked.size();
        CudaStorage s = (CudaStorage) allocate(dtype, n);
        long bytes = n * KernelCodes.bytes(dtype);
        if (bytes == 0) {
            return s;
        }
        makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment staging = a.allocate(bytes, 64);
            HostArrays.write(array, staging);
            driver.copyToDevice(s.address(), staging, bytes, stream);
        }
        return s;
    }

    @Override
    public Object toHost(Tensor t) {
        CudaStorage s = storage("toHost", t);
        int n = Math.toIntExact(t.size());
        Object array = JavaArrays.allocate(t.dtype(), new int[] {n});
        if (n == 0) {
            return array;
        }
        Tensor dense = t;
        if (!t.isContiguous()) {
            dense = Tensor.empty(t.dtype(), device, t.dims());
            copy(t, dense);
        }
        long bytes = (long) n * KernelCodes.bytes(t.dtype());
        makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment staging = a.allocate(bytes, 64);
            driver.copyToHost(staging, address(dense), bytes, stream);
            driver.synchronize(stream);
            HostArrays.read(staging, array);
        } finally {
            if (dense != t) {
                dense.storage().release();
            }
        }
        if (s.isReleased()) {
            throw new IllegalStateException("toHost: the tensor was released while it was read");
        }
        return array;
    }

    // ---- copy and fill -------------------------------------------------------------------------

    @Override
    public void copy(Tensor src, Tensor dst) {
        storage("copy", src);
        storage("copy", dst);
        long n = dst.size();
        if (n == 0) {
            return;
        }
        makeCurrent();
        if (src.dtype() == dst.dtype()
                && src.isContiguous()
                && dst.isContiguous()
                && java.util.Arrays.equals(src.dims(), dst.dims())) {
            driver.copyOnDevice(address(dst), address(src), n * KernelCodes.bytes(dst.dtype()), stream);
            return;
        }
        Strided it = Strided.over("copy", dst.dims(), src, dst);
        try (KernelArgs args = new KernelArgs(Kernel.COPY_CAST)) {
            args.i32(KernelCodes.dtype(src.dtype()))
                    .i32(KernelCodes.dtype(dst.dtype()))
                    .dims(it.sizes())
                    .view(it, 0)
                    .view(it, 1)
                    .ptr(base(src))
                    .ptr(base(dst))
                    .i64(n);
            kernels.launchElements(args, n);
        }
    }

    @Override
    public void fill(Tensor dst, double value) {
        storage("fill", dst);
        long n = dst.size();
        if (n == 0) {
            return;
        }
        makeCurrent();
        Strided it = Strided.over("fill", dst.dims(), dst);
        try (KernelArgs args = new KernelArgs(Kernel.FILL)) {
            args.i32(KernelCodes.dtype(dst.dtype()))
                    .dims(it.sizes())
                    .view(it, 0)
                    .ptr(base(dst))
                    .f64(value)
                    .i64(n);
            kernels.launchElements(args, n);
        }
    }

    @Override
    public void random(RandomDraw draw, Tensor out) {
        storage("random", out);
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("random: the output must be contiguous, got shape " + out.shape());
        }
        DType t = out.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64 && t != DType.BOOL) {
            throw new IllegalArgumentException("random: the output must be float or bool, got " + t);
        }
        long n = out.size();
        if (n == 0) {
            return;
        }
        int kind;
        double a;
        double b;
        switch (draw) {
            case RandomDraw.Uniform(double low, double high, long key) -> {
                kind = KernelCodes.UNIFORM;
                a = low;
                b = high;
            }
            case RandomDraw.Normal(double mean, double std, long key) -> {
                kind = KernelCodes.NORMAL;
                a = mean;
                b = std;
            }
            case RandomDraw.TruncatedNormal(double mean, double std, long key) -> {
                kind = KernelCodes.TRUNCATED_NORMAL;
                a = mean;
                b = std;
            }
            case RandomDraw.Bernoulli(double p, long key) -> {
                kind = KernelCodes.BERNOULLI;
                a = p;
                b = 0;
            }
        }
        makeCurrent();
        try (KernelArgs args = new KernelArgs(Kernel.RANDOM)) {
            args.i32(kind)
                    .i32(KernelCodes.dtype(t))
                    .f64(a)
                    .f64(b)
                    .u32((int) draw.key())
                    .u32((int) (draw.key() >>> 32))
                    .ptr(address(out))
                    .i64(n);
            kernels.launchElements(args, n);
        }
    }

    // ---- elementwise ---------------------------------------------------------------------------

    @Override
    public void unary(UnaryFunction f, Tensor x, Tensor out) {
        storage("unary", x);
        storage("unary", out);
        if (Widening.narrow(out.dtype())) {
            Tensor wide = widened(out, false);
            unary(f, x, wide);
            narrowInto(wide, out);
            return;
        }
        Tensor input = converted(x, out.dtype());
        UnaryOp op;
        double p1 = 0;
        double p2 = 0;
        switch (f) {
            case UnaryFunction.Plain(UnaryOp o) -> op = o;
            case UnaryFunction.LeakyRelu(double slope) -> {
                op = UnaryOp.LEAKY_RELU;
                p1 = slope;
            }
            case UnaryFunction.Elu(double alpha) -> {
                op = UnaryOp.ELU;
                p1 = alpha;
            }
            case UnaryFunction.Clamp(double min, double max) -> {
                op = UnaryOp.CLAMP;
                p1 = min;
                p2 = max;
            }
            case UnaryFunction.PowScalar(double exponent) -> {
                op = UnaryOp.POW_SCALAR;
                p1 = exponent;
            }
        }
        long n = out.size();
        if (n > 0) {
            makeCurrent();
            Strided it = Strided.over("unary " + op, out.dims(), input, out);
            DType t = out.dtype();
            Kernel k = t == DType.FLOAT32 ? Kernel.UNARY_F32 : t == DType.FLOAT64 ? Kernel.UNARY_F64 : Kernel.UNARY_INT;
            try (KernelArgs args = new KernelArgs(k)) {
                args.i32(KernelCodes.unary(op));
                if (k == Kernel.UNARY_INT) {
                    args.i32(KernelCodes.dtype(t));
                }
                args.f64(p1)
                        .f64(p2)
                        .dims(it.sizes())
                        .view(it, 0)
                        .view(it, 1)
                        .ptr(base(input))
                        .ptr(base(out))
                        .i64(n);
                kernels.launchElements(args, n);
            }
        }
        releaseTemporary(input, x);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        storage("binary", a);
        storage("binary", b);
        storage("binary", out);
        if (!op.isComparison() && Widening.narrow(out.dtype())) {
            Tensor wide = widened(out, false);
            binary(op, a, b, wide);
            narrowInto(wide, out);
            return;
        }
        DType compute = op.isComparison()
                ? Widening.wide(
                        switch (op) {
                            case AND, OR, XOR -> DType.BOOL;
                            default -> DType.promote(a.dtype(), b.dtype());
                        })
                : out.dtype();
        Tensor x = converted(a, compute);
        Tensor y = converted(b, compute);
        long n = out.size();
        if (n > 0) {
            makeCurrent();
            Strided it = Strided.over("binary " + op, out.dims(), x, y, out);
            Kernel k = compute == DType.FLOAT32
                    ? Kernel.BINARY_F32
                    : compute == DType.FLOAT64 ? Kernel.BINARY_F64 : Kernel.BINARY_INT;
            try (KernelArgs args = new KernelArgs(k)) {
                args.i32(KernelCodes.binary(op));
                if (k == Kernel.BINARY_INT) {
                    args.i32(KernelCodes.dtype(compute));
                }
                args.dims(it.sizes())
                        .view(it, 0)
                        .view(it, 1)
                        .view(it, 2)
                        .ptr(base(x))
                        .ptr(base(y))
                        .ptr(base(out))
                        .i64(n);
                kernels.launchElements(args, n);
            }
        }
        releaseTemporary(x, a);
        releaseTemporary(y, b);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        storage("where", cond);
        storage("where", a);
        storage("where", b);
        storage("where", out);
        Tensor c = converted(cond, DType.BOOL);
        Tensor x = converted(a, out.dtype());
        Tensor y = converted(b, out.dtype());
        long n = out.size();
        if (n > 0) {
            makeCurrent();
            Strided it = Strided.over("where", out.dims(), c, x, y, out);
            try (KernelArgs args = new KernelArgs(Kernel.WHERE)) {
                args.i32(KernelCodes.bytes(out.dtype()))
                        .dims(it.sizes())
                        .view(it, 0)
                        .view(it, 1)
                        .view(it, 2)
                        .view(it, 3)
                        .ptr(base(c))
                        .ptr(base(x))
                        .ptr(base(y))
                        .ptr(base(out))
                        .i64(n);
                kernels.launchElements(args, n);
            }
        }
        releaseTemporary(c, cond);
        releaseTemporary(x, a);
        releaseTemporary(y, b);
    }

    // ---- reductions ----------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        storage("reduce", x);
        storage("reduce", out);
        int[] dims = x.dims();
        long[] kept = new long[dims.length];
        long[] reduced = new long[dims.length];
        boolean[] isReduced = new boolean[dims.length];
        for (int axis : axes) {
            isReduced[axis] = true;
        }
        for (int k = 0; k < dims.length; k++) {
            kept[k] = isReduced[k] ? 1 : dims[k];
            reduced[k] = isReduced[k] ? dims[k] : 1;
        }
        long[] outStrides = Strided.broadcastStrides(out, dims);
        Strided keptIt = Strided.of(
                "reduce", kept, new long[] {x.offset(), out.offset()}, new long[][] {x.strides(), outStrides});
        Strided redIt = Strided.of("reduce", reduced, new long[] {0}, new long[][] {x.strides()});
        long nOut = keptIt.count();
        if (nOut == 0) {
            return;
        }
        makeCurrent();
        try (KernelArgs args = new KernelArgs(Kernel.REDUCE)) {
            args.i32(KernelCodes.reduce(op))
                    .i32(KernelCodes.dtype(x.dtype()))
                    .i32(KernelCodes.dtype(out.dtype()))
                    .dims(keptIt.sizes())
                    .view(keptIt, 0)
                    .view(keptIt, 1)
                    .dims(redIt.sizes())
                    .view(redIt, 0)
                    .ptr(base(x))
                    .ptr(base(out))
                    .i64(nOut)
                    .i64(redIt.count());
            kernels.launchBlocks(args, nOut);
        }
    }

    @Override
    public void argReduce(ArgReduceOp op, Tensor x, int axis, Tensor out) {
        storage("argReduce", x);
        storage("argReduce", out);
        int[] dims = x.dims();
        long[] kept = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            kept[k] = k == axis ? 1 : dims[k];
        }
        Strided keptIt = Strided.of("argReduce", kept, new long[] {x.offset(), out.offset()}, new long[][] {
            x.strides(), Strided.broadcastStrides(out, dims)
        });
        long nOut = keptIt.count();
        if (nOut == 0) {
            return;
        }
        makeCurrent();
        try (KernelArgs args = new KernelArgs(Kernel.ARG_REDUCE)) {
            args.i32(op == ArgReduceOp.ARGMAX ? 1 : 0)
                    .i32(KernelCodes.dtype(x.dtype()))
                    .dims(keptIt.sizes())
                    .view(keptIt, 0)
                    .view(keptIt, 1)
                    .i64(dims[axis])
                    .i64(x.strides()[axis])
                    .ptr(base(x))
                    .ptr(base(out))
                    .i64(nOut);
            kernels.launchBlocks(args, nOut);
        }
    }

    // ---- linear algebra ------------------------------------------------------------------------

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        storage("matmul", a);
        storage("matmul", b);
        storage("matmul", out);
        DType t = out.dtype();
        if (t == DType.FLOAT16 || t == DType.BFLOAT16) {
            Tensor wide = widened(out, false);
            matmul(a, b, wide);
            narrowInto(wide, out);
            return;
        }
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw notYet("matmul of " + t + " tensors");
        }
        Tensor x = converted(a, t);
        Tensor y = converted(b, t);
        Tensor c = out.isContiguous() ? out : Tensor.empty(t, device, out.dims());
        new Matmul(this, runtime.cublas, blas).run(x, y, c);
        if (c != out) {
            copy(c, out);
            c.storage().release();
        }
        releaseTemporary(x, a);
        releaseTemporary(y, b);
    }

    /** Sets cuBLAS's math mode from {@link Cuda#allowTf32()} before a GEMM, when the switch moved. */
    void syncMathMode() {
        int wanted = Cuda.allowTf32() ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH;
        if (wanted != mathMode) {
            runtime.cublas.mathMode(blas, wanted);
            mathMode = wanted;
        }
    }

    // ---- convolution and pooling: not yet --------------------------------------------------------

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out) {
        throw notYet("conv2d");
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn) {
        throw notYet("conv2dBackwardInput");
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW) {
        throw notYet("conv2dBackwardWeight");
    }

    @Override
    public void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        throw notYet("maxPool2d");
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        throw notYet("maxPool2dBackward");
    }

    @Override
    public void avgPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        throw notYet("avgPool2d");
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        throw notYet("avgPool2dBackward");
    }

    // ---- indexing ------------------------------------------------------------------------------

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        storage("indexSelect", x);
        storage("indexSelect", out);
        Tensor idx = indices("indexSelect", index);
        long n = out.size();
        if (n > 0) {
            makeCurrent();
            try (KernelArgs args = new KernelArgs(Kernel.INDEX_SELECT)) {
                args.i32(KernelCodes.bytes(out.dtype()))
                        .i32(KernelCodes.dtype(idx.dtype()))
                        .i32(axis)
                        .dims(rankChecked("indexSelect", out.dims()))
                        .view(x.offset(), x.strides())
                        .view(out.offset(), out.strides())
                        .ptr(base(x))
                        .ptr(base(idx))
                        .i64(idx.offset())
                        .i64(idx.strides()[0])
                        .ptr(base(out))
                        .i64(n);
                kernels.launchElements(args, n);
            }
        }
        releaseTemporary(idx, index);
    }

    @Override
    public void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        storage("indexAdd", out);
        storage("indexAdd", src);
        if (!atomic(out.dtype())) {
            Tensor wide = widened(out, true);
            indexAdd(wide, axis, index, src);
            narrowInto(wide, out);
            return;
        }
        Tensor idx = indices("indexAdd", index);
        Tensor s = converted(src, out.dtype());
        long n = s.size();
        if (n > 0) {
            makeCurrent();
            try (KernelArgs args = new KernelArgs(Kernel.INDEX_ADD)) {
                args.i32(KernelCodes.dtype(out.dtype()))
                        .i32(KernelCodes.dtype(idx.dtype()))
                        .i32(axis)
                        .dims(rankChecked("indexAdd", s.dims()))
                        .view(out.offset(), out.strides())
                        .view(s.offset(), s.strides())
                        .ptr(base(out))
                        .ptr(base(idx))
                        .i64(idx.offset())
                        .i64(idx.strides()[0])
                        .ptr(base(s))
                        .i64(n);
                kernels.launchElements(args, n);
            }
        }
        releaseTemporary(idx, index);
        releaseTemporary(s, src);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        storage("gather", x);
        storage("gather", out);
        Tensor idx = indices("gather", index);
        long n = out.size();
        if (n > 0) {
            makeCurrent();
            try (KernelArgs args = new KernelArgs(Kernel.GATHER)) {
                args.i32(KernelCodes.bytes(out.dtype()))
                        .i32(KernelCodes.dtype(idx.dtype()))
                        .i32(axis)
                        .dims(rankChecked("gather", out.dims()))
                        .view(x.offset(), x.strides())
                        .view(idx.offset(), idx.strides())
                        .view(out.offset(), out.strides())
                        .ptr(base(x))
                        .ptr(base(idx))
                        .ptr(base(out))
                        .i64(n);
                kernels.launchElements(args, n);
            }
        }
        releaseTemporary(idx, index);
    }

    @Override
    public void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        storage("scatterAdd", out);
        storage("scatterAdd", src);
        if (!atomic(out.dtype())) {
            Tensor wide = widened(out, true);
            scatterAdd(wide, axis, index, src);
            narrowInto(wide, out);
            return;
        }
        Tensor idx = indices("scatterAdd", index);
        Tensor s = converted(src, out.dtype());
        long n = idx.size();
        if (n > 0) {
            makeCurrent();
            try (KernelArgs args = new KernelArgs(Kernel.SCATTER_ADD)) {
                args.i32(KernelCodes.dtype(out.dtype()))
                        .i32(KernelCodes.dtype(idx.dtype()))
                        .i32(axis)
                        .dims(rankChecked("scatterAdd", idx.dims()))
                        .view(out.offset(), out.strides())
                        .view(idx.offset(), idx.strides())
                        .view(s.offset(), s.strides())
                        .ptr(base(out))
                        .ptr(base(idx))
                        .ptr(base(s))
                        .i64(n);
                kernels.launchElements(args, n);
            }
        }
        releaseTemporary(idx, index);
        releaseTemporary(s, src);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The types the index adds have atomics for; the others are added widened. */
    private static boolean atomic(DType t) {
        return t == DType.FLOAT32 || t == DType.FLOAT64 || t == DType.INT32 || t == DType.INT64;
    }

    private Tensor indices(String kernel, Tensor index) {
        storage(kernel, index);
        return index.dtype() == DType.INT32 || index.dtype() == DType.INT64 ? index : converted(index, DType.INT64);
    }

    private static long[] rankChecked(String kernel, int[] dims) {
        if (dims.length > Strided.MAX_RANK) {
            throw new UnsupportedOperationException(kernel + " on cuda: rank " + dims.length + " is over the "
                    + Strided.MAX_RANK + " the kernels take; reshape to fewer axes first");
        }
        long[] out = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            out[k] = dims[k];
        }
        return out;
    }

    /** {@code t} itself when it has dtype {@code to}, else a new contiguous copy converted to it. */
    Tensor converted(Tensor t, DType to) {
        if (t.dtype() == to) {
            return t;
        }
        Tensor c = Tensor.empty(to, device, t.dims());
        copy(t, c);
        return c;
    }

    /** The widened type's copy of {@code t} (float32 for half types, int32 for narrow integers); read it if asked. */
    private Tensor widened(Tensor t, boolean withValues) {
        Tensor w = Tensor.empty(Widening.wide(t.dtype()), device, t.dims());
        if (withValues) {
            copy(t, w);
        }
        return w;
    }

    private void narrowInto(Tensor wide, Tensor out) {
        copy(wide, out);
        wide.storage().release();
    }

    /** Gives back a temporary made from {@code original} at once, rather than at the end of the step. */
    private static void releaseTemporary(Tensor temporary, Tensor original) {
        if (temporary != original) {
            temporary.storage().release();
        }
    }

    /** The storage of a tensor this kernel may touch: of this device, and live. */
    private CudaStorage storage(String kernel, Tensor t) {
        if (!(t.storage() instanceof CudaStorage cs) || cs.backend() != this) {
            throw new IllegalArgumentException(kernel + " on " + device + ": got a tensor of shape " + t.shape()
                    + " on " + t.device() + "; move it with .to(" + device + ") first");
        }
        MemoryScope.checkLive(t, kernel);
        return cs;
    }

    /** The device address of the storage's element 0 (views add their offset in the kernel). */
    private static long base(Tensor t) {
        return ((CudaStorage) t.storage()).address();
    }

    /** The device address of the view's first element. */
    static long address(Tensor t) {
        return base(t) + t.offset() * KernelCodes.bytes(t.dtype());
    }

    private static UnsupportedOperationException notYet(String what) {
        return new UnsupportedOperationException(what + ": not yet on cuda (Synapse's CUDA backend does not have this"
                + " kernel yet); compute it on the CPU with .to(Device.CPU), or on the emulated device");
    }

    @Override
    public String toString() {
        return "cuda backend " + device + " (" + name + ")";
    }

    /** Element bytes of a dtype on the device. */
    static int elementBytes(DType t) {
        return KernelCodes.bytes(t);
    }

    /** Copies Java arrays to and from native staging memory. */
    static final class HostArrays {
        private HostArrays() {}

        static void write(Object array, MemorySegment dst) {
            switch (array) {
                case float[] a -> MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_FLOAT, 0, a.length);
                case double[] a -> MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_DOUBLE, 0, a.length);
                case int[] a -> MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_INT, 0, a.length);
                case long[] a -> MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_LONG, 0, a.length);
                case short[] a -> MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_SHORT, 0, a.length);
                case byte[] a -> MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_BYTE, 0, a.length);
                case boolean[] a -> {
                    for (int i = 0; i < a.length; i++) {
                        dst.set(ValueLayout.JAVA_BYTE, i, a[i] ? (byte) 1 : (byte) 0);
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "no device layout for a " + array.getClass().getName());
            }
        }

        static void read(MemorySegment src, Object array) {
            switch (array) {
                case float[] a -> MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, 0, a, 0, a.length);
                case double[] a -> MemorySegment.copy(src, ValueLayout.JAVA_DOUBLE, 0, a, 0, a.length);
                case int[] a -> MemorySegment.copy(src, ValueLayout.JAVA_INT, 0, a, 0, a.length);
                case long[] a -> MemorySegment.copy(src, ValueLayout.JAVA_LONG, 0, a, 0, a.length);
                case short[] a -> MemorySegment.copy(src, ValueLayout.JAVA_SHORT, 0, a, 0, a.length);
                case byte[] a -> MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, a, 0, a.length);
                case boolean[] a -> {
                    for (int i = 0; i < a.length; i++) {
                        a[i] = src.get(ValueLayout.JAVA_BYTE, i) != 0;
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "no device layout for a " + array.getClass().getName());
            }
        }
    }
}
