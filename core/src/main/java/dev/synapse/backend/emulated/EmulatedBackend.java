package dev.synapse.backend.emulated;

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
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import dev.synapse.tensor.TensorAllocationError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A second device for machines without a GPU ({@code Device.of("emulated")}, {@code "emulated:1"}): it computes
 * with the CPU kernels but keeps its tensors in off-heap blocks of its own {@link CachingAllocator}, copying each
 * kernel's operands to the host and its outputs back, and it counts what a GPU would pay for: transfers, host
 * synchronisations, kernels, memory ({@link #counters()}, {@link #memoryStats()}). Code that works here, with
 * the counts a test expects, holds no hidden assumption that tensors are Java arrays (the role of tinygrad's and
 * PyTorch's emulated devices). Slow by design: use it in tests, not for training.
 */
public final class EmulatedBackend implements Backend {
    private final Device device;
    private final Backend cpu = Backends.get(Device.CPU);
    private final SizeClassAllocator allocator;
    private final AtomicLong hostToDevice = new AtomicLong();
    private final AtomicLong deviceToHost = new AtomicLong();
    private final AtomicLong hostSyncs = new AtomicLong();
    private final AtomicLong bytesToDevice = new AtomicLong();
    private final AtomicLong bytesToHost = new AtomicLong();
    private final AtomicLong kernels = new AtomicLong();
    private volatile SyncDebugMode syncDebugMode = SyncDebugMode.OFF;
    private volatile long hostPiece = 1L << 26;
    private static final System.Logger LOG = System.getLogger(EmulatedBackend.class.getName());

    EmulatedBackend(int index) {
        this.device = new Device(EmulatedBackendProvider.TYPE, index);
        // Blocks of the automatic arena are freed by the garbage collector once the allocator drops them.
        this.allocator = new SizeClassAllocator(bytes -> Arena.ofAuto().allocate(bytes, 64), block -> {});
    }

    @Override
    public Device device() {
        return device;
    }

    CachingAllocator allocator() {
        return allocator;
    }

    /**
     * What a host synchronisation (any read of a device value by the host) does besides being counted, as PyTorch's
     * {@code torch.cuda.set_sync_debug_mode}: nothing, a warning with the reading code's stack on the {@code
     * System.Logger}, or a {@link HostSyncException} thrown at the read. Use ERROR around code that must not read
     * back (a training step), to find the line that does.
     */
    public enum SyncDebugMode {
        OFF,
        WARN,
        ERROR
    }

    /** Sets what a host synchronisation does from now on; see {@link SyncDebugMode}. */
    public void setSyncDebugMode(SyncDebugMode mode) {
        syncDebugMode = java.util.Objects.requireNonNull(mode, "mode");
    }

    /** The transfer, synchronisation and kernel counts so far. */
    public DeviceCounters counters() {
        return new DeviceCounters(
                hostToDevice.get(),
                deviceToHost.get(),
                hostSyncs.get(),
                bytesToDevice.get(),
                bytesToHost.get(),
                kernels.get());
    }

    /** Sets every count of {@link #counters()} to zero. */
    public void resetCounters() {
        for (AtomicLong c : List.of(hostToDevice, deviceToHost, hostSyncs, bytesToDevice, bytesToHost, kernels)) {
            c.set(0);
        }
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
        allocator.emptyCache();
    }

    // ---- storage -------------------------------------------------------------------------------

    @Override
    public Storage allocate(DType dtype, long size) {
        if (size < 0 || size > maxElements()) {
            throw new IllegalArgumentException(
                    device + ": cannot allocate " + size + " " + dtype + " elements (at most " + maxElements() + ")");
        }
        long bytes = Math.multiplyExact(EmulatedStorage.elementBytes(dtype), size);
        return new EmulatedStorage(this, allocator.allocate(bytes), dtype, size);
    }

    @Override
    public Storage fromHost(Object array) {
        return fromHost(array, cpu.fromHost(array).dtype());
    }

    @Override
    public Storage fromHost(Object array, DType dtype) {
        Storage host = cpu.fromHost(array, dtype);
        // A Java array's length is an int.
        int n = Math.toIntExact(host.size());
        EmulatedStorage s;
        try {
            s = (EmulatedStorage) allocate(host.dtype(), n);
        } catch (OutOfMemoryError e) {
            throw TensorAllocationError.of(host.dtype(), device, new int[] {n}, e);
        }
        write(array, s.block(), 0, n, host.dtype());
        hostToDevice.incrementAndGet();
        bytesToDevice.addAndGet(host.size() * EmulatedStorage.elementBytes(host.dtype()));
        return s;
    }

    @Override
    public Object toHost(Tensor t) {
        switch (syncDebugMode) {
            case WARN ->
                LOG.log(
                        System.Logger.Level.WARNING,
                        "host synchronisation: a " + t.shape() + " tensor read back from " + device,
                        new HostSyncException(device, t));
            case ERROR -> throw new HostSyncException(device, t);
            case OFF -> {}
        }
        hostSyncs.incrementAndGet();
        deviceToHost.incrementAndGet();
        bytesToHost.addAndGet(t.size() * EmulatedStorage.elementBytes(t.dtype()));
        Staging s = new Staging("toHost");
        s.add(t);
        s.load();
        // A contiguous view's staged span is already the row-major array asked for.
        return t.isContiguous() ? s.array(t) : cpu.toHost(s.host(t));
    }

    // ---- kernels: operands to the host, the CPU kernel, outputs back ------------------------------

    @Override
    public void copy(Tensor src, Tensor dst) {
        launch("copy", dst, h -> cpu.copy(h.host(src), h.host(dst)), src);
    }

    /**
     * Fills a contiguous span larger than {@link #hostPiece} in place, writing one filled host array again and again,
     * so a fill reaches every element of a storage beyond what one Java array (and so one CPU kernel) holds.
     */
    @Override
    public void fill(Tensor dst, double value) {
        long piece = hostPiece;
        if (!dst.isContiguous() || dst.size() <= piece) {
            launch("fill", dst, h -> cpu.fill(h.host(dst), value));
            return;
        }
        new Staging("fill").add(dst);
        int k = (int) piece;
        Tensor filled = TensorAccess.get().view(cpu.allocate(dst.dtype(), k), new int[] {k}, new long[] {1}, 0);
        cpu.fill(filled, value);
        Object array = cpu.toHost(filled);
        EmulatedStorage es = (EmulatedStorage) dst.storage();
        long end = dst.offset() + dst.size();
        for (long at = dst.offset(); at < end; at += k) {
            write(array, es.block(), at, (int) Math.min(k, end - at), dst.dtype());
        }
        kernels.incrementAndGet();
    }

    /**
     * Sets how many elements one host array carries where the emulated device works in pieces (a fill beyond one
     * Java array); tests make it small to reach those paths without gigabytes.
     */
    void hostPiece(long elements) {
        if (elements < 1 || elements > JavaArrays.MAX_LENGTH) {
            throw new IllegalArgumentException("hostPiece: " + elements + " is not in 1.." + JavaArrays.MAX_LENGTH);
        }
        hostPiece = elements;
    }

    @Override
    public void random(RandomDraw draw, Tensor out) {
        launch("random", out, h -> cpu.random(draw, h.host(out)));
    }

    @Override
    public void unary(UnaryFunction f, Tensor x, Tensor out) {
        launch("unary " + f, out, h -> cpu.unary(f, h.host(x), h.host(out)), x);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        launch("binary " + op, out, h -> cpu.binary(op, h.host(a), h.host(b), h.host(out)), a, b);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        launch("where", out, h -> cpu.where(h.host(cond), h.host(a), h.host(b), h.host(out)), cond, a, b);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        launch("reduce " + op, out, h -> cpu.reduce(op, h.host(x), axes, h.host(out)), x);
    }

    @Override
    public void argReduce(ArgReduceOp op, Tensor x, int axis, Tensor out) {
        launch("argReduce " + op, out, h -> cpu.argReduce(op, h.host(x), axis, h.host(out)), x);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        launch("matmul", out, h -> cpu.matmul(h.host(a), h.host(b), h.host(out)), a, b);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out) {
        launch("conv2d", out, h -> cpu.conv2d(h.host(x), h.host(w), spec, h.host(out)), x, w);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn) {
        launch(
                "conv2dBackwardInput",
                gradIn,
                h -> cpu.conv2dBackwardInput(h.host(gradOut), h.host(w), spec, h.host(gradIn)),
                gradOut,
                w);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW) {
        launch(
                "conv2dBackwardWeight",
                gradW,
                h -> cpu.conv2dBackwardWeight(h.host(x), h.host(gradOut), spec, h.host(gradW)),
                x,
                gradOut);
    }

    @Override
    public void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        launch("maxPool2d", out, h -> cpu.maxPool2d(h.host(x), spec, h.host(out)), x);
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        launch(
                "maxPool2dBackward",
                gradIn,
                h -> cpu.maxPool2dBackward(h.host(x), h.host(gradOut), spec, h.host(gradIn)),
                x,
                gradOut);
    }

    @Override
    public void avgPool2d(Tensor x, Pool2dSpec spec, Tensor out) {
        launch("avgPool2d", out, h -> cpu.avgPool2d(h.host(x), spec, h.host(out)), x);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        launch("avgPool2dBackward", gradIn, h -> cpu.avgPool2dBackward(h.host(gradOut), spec, h.host(gradIn)), gradOut);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        launch("indexSelect", out, h -> cpu.indexSelect(h.host(x), axis, h.host(index), h.host(out)), x, index);
    }

    @Override
    public void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        launch("indexAdd", out, h -> cpu.indexAdd(h.host(out), axis, h.host(index), h.host(src)), index, src);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        launch("gather", out, h -> cpu.gather(h.host(x), axis, h.host(index), h.host(out)), x, index);
    }

    @Override
    public void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        launch("scatterAdd", out, h -> cpu.scatterAdd(h.host(out), axis, h.host(index), h.host(src)), index, src);
    }

    /**
     * Runs a CPU kernel on host copies of its operands and writes {@code out}'s storage back. The output is
     * staged in too: kernels such as indexAdd accumulate into it, and a view's untouched elements must survive.
     */
    private void launch(String kernel, Tensor out, Consumer<Staging> body, Tensor... inputs) {
        Staging s = new Staging(kernel);
        for (Tensor t : inputs) {
            s.add(t);
        }
        s.add(out);
        s.load();
        body.accept(s);
        s.storeBack(out);
        kernels.incrementAndGet();
    }

    /**
     * Host copies of the storages one kernel touches: for each storage, the span of elements its views reach, so
     * that views of one storage (an in-place op's input and output) stay views of one host array.
     */
    private final class Staging {
        private final String kernel;
        private final Map<EmulatedStorage, long[]> spans = new IdentityHashMap<>();
        private final Map<EmulatedStorage, Object> arrays = new IdentityHashMap<>();
        private final Map<EmulatedStorage, Storage> copies = new IdentityHashMap<>();

        Staging(String kernel) {
            this.kernel = kernel;
        }

        void add(Tensor t) {
            if (!(t.storage() instanceof EmulatedStorage es) || es.backend() != EmulatedBackend.this) {
                throw new IllegalArgumentException(kernel + " on " + device + ": got a tensor of shape " + t.shape()
                        + " on " + t.device() + "; move it with .to(" + device + ") first");
            }
            // A released block may already hold another tensor: fail rather than read or overwrite it.
            MemoryScope.checkLive(t, kernel);
            if (t.size() == 0) {
                spans.putIfAbsent(es, new long[] {0, 0});
                return;
            }
            long[] reach = Shape.reach(t.dims(), t.strides(), t.offset());
            long lo = reach[0];
            long hi = reach[1];
            long[] span = spans.get(es);
            if (span == null || span[1] == span[0]) {
                spans.put(es, new long[] {lo, hi + 1});
            } else {
                span[0] = Math.min(span[0], lo);
                span[1] = Math.max(span[1], hi + 1);
            }
        }

        void load() {
            for (Map.Entry<EmulatedStorage, long[]> e : spans.entrySet()) {
                EmulatedStorage es = e.getKey();
                long[] span = e.getValue();
                int n = hostLength(kernel, es, span[1] - span[0]);
                Object array = JavaArrays.allocate(es.dtype(), new int[] {n});
                read(es.block(), span[0], array, n, es.dtype());
                arrays.put(es, array);
                copies.put(es, cpu.fromHost(array, es.dtype()));
            }
        }

        /** The host copy of the span of {@code t}'s storage that this staging reaches. */
        Object array(Tensor t) {
            return arrays.get((EmulatedStorage) t.storage());
        }

        /** The CPU view that reads and writes the host copy of {@code t}'s elements. */
        Tensor host(Tensor t) {
            EmulatedStorage es = (EmulatedStorage) t.storage();
            long start = spans.get(es)[0];
            int offset = t.size() == 0 ? 0 : Math.toIntExact(t.offset() - start);
            return TensorAccess.get().view(copies.get(es), t.dims(), t.strides(), offset);
        }

        void storeBack(Tensor out) {
            EmulatedStorage es = (EmulatedStorage) out.storage();
            long[] span = spans.get(es);
            write(arrays.get(es), es.block(), span[0], hostLength(kernel, es, span[1] - span[0]), es.dtype());
        }
    }

    /**
     * The length of the host copy of {@code elements} elements of {@code storage} that a kernel computes on: the CPU
     * kernels work on Java arrays, so a span beyond one fails here, naming the kernel.
     */
    static int hostLength(String kernel, Storage storage, long elements) {
        if (elements > JavaArrays.MAX_LENGTH) {
            throw new IllegalArgumentException(kernel + " on " + storage.device() + ": its operands reach " + elements
                    + " elements of one " + storage.dtype() + " storage of " + storage.size()
                    + ", more than the " + JavaArrays.MAX_LENGTH + " the CPU kernels that emulate the device handle"
                    + " (one Java array); split the work into smaller tensors");
        }
        return (int) elements;
    }

    /** Copies {@code n} elements of {@code block}, from element {@code from}, into {@code array}. */
    private static void read(MemorySegment block, long from, Object array, int n, DType dtype) {
        long at = from * EmulatedStorage.elementBytes(dtype);
        switch (array) {
            case float[] a -> MemorySegment.copy(block, ValueLayout.JAVA_FLOAT, at, a, 0, n);
            case double[] a -> MemorySegment.copy(block, ValueLayout.JAVA_DOUBLE, at, a, 0, n);
            case int[] a -> MemorySegment.copy(block, ValueLayout.JAVA_INT, at, a, 0, n);
            case long[] a -> MemorySegment.copy(block, ValueLayout.JAVA_LONG, at, a, 0, n);
            case short[] a -> MemorySegment.copy(block, ValueLayout.JAVA_SHORT, at, a, 0, n);
            case byte[] a -> MemorySegment.copy(block, ValueLayout.JAVA_BYTE, at, a, 0, n);
            case boolean[] a -> {
                for (int i = 0; i < n; i++) {
                    a[i] = block.get(ValueLayout.JAVA_BYTE, at + i) != 0;
                }
            }
            default -> throw new IllegalStateException("no emulated layout for " + array.getClass());
        }
    }

    /** Copies {@code n} elements of {@code array} into {@code block} from element {@code to}. */
    private static void write(Object array, MemorySegment block, long to, int n, DType dtype) {
        long at = to * EmulatedStorage.elementBytes(dtype);
        switch (array) {
            case float[] a -> MemorySegment.copy(a, 0, block, ValueLayout.JAVA_FLOAT, at, n);
            case double[] a -> MemorySegment.copy(a, 0, block, ValueLayout.JAVA_DOUBLE, at, n);
            case int[] a -> MemorySegment.copy(a, 0, block, ValueLayout.JAVA_INT, at, n);
            case long[] a -> MemorySegment.copy(a, 0, block, ValueLayout.JAVA_LONG, at, n);
            case short[] a -> MemorySegment.copy(a, 0, block, ValueLayout.JAVA_SHORT, at, n);
            case byte[] a -> MemorySegment.copy(a, 0, block, ValueLayout.JAVA_BYTE, at, n);
            case boolean[] a -> {
                for (int i = 0; i < n; i++) {
                    block.set(ValueLayout.JAVA_BYTE, at + i, a[i] ? (byte) 1 : (byte) 0);
                }
            }
            default -> throw new IllegalStateException("no emulated layout for " + array.getClass());
        }
    }

    @Override
    public String toString() {
        return "emulated backend " + device;
    }
}
