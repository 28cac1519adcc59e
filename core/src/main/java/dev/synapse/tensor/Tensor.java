package dev.synapse.tensor;

import dev.synapse.autograd.Autograd;
import dev.synapse.autograd.GradMode;
import dev.synapse.autograd.Node;
import dev.synapse.backend.Backend;
import dev.synapse.backend.Backends;
import dev.synapse.backend.Storage;
import dev.synapse.internal.Profiling;
import dev.synapse.internal.TensorAccess;
import dev.synapse.ops.Arithmetic;
import dev.synapse.ops.LinearAlgebra;
import dev.synapse.ops.Reductions;
import dev.synapse.ops.Views;
import org.jspecify.annotations.Nullable;

/**
 * An n-dimensional array on one device, with reverse-mode automatic differentiation: Synapse's
 * {@code torch.Tensor}, {@code tf.Tensor} and {@code tf.Variable} in one class.
 *
 * <p>A tensor is a view (shape, strides, offset) on a {@link Storage}; reshaping, transposing,
 * slicing and broadcasting return new views without copying. Ops follow NumPy and PyTorch names
 * and NumPy broadcasting; each op checks its arguments, asks the device's {@link Backend} for the
 * kernel and, when a gradient is wanted, records one node of the graph (see
 * {@link dev.synapse.autograd.GradientTape} and {@link #backward()}).
 *
 * <p>Tensors are immutable in value except through the explicitly named in-place methods
 * ({@link #assign}, {@link #addInPlace}, ...), which optimizers use under {@code noGrad}. Each such
 * write moves the storage's {@link #version()}, so backward fails, naming the op, instead of
 * computing a wrong gradient when a tensor saved by the graph was changed in between.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final long[] strides;
    private final long offset;

    private boolean requiresGrad;
    private @Nullable Tensor grad;
    private @Nullable Node gradFn;
    private @Nullable VariableId variableId;

    static {
        TensorAccess.install(new TensorAccess() {
            @Override
            public Tensor view(Storage storage, int[] shape, long[] strides, long offset) {
                return new Tensor(storage, shape, strides, offset);
            }

            @Override
            public void attachGradFn(Tensor t, Node node) {
                t.attachGradFn(node);
            }

            @Override
            public void accumulateGrad(Tensor t, Tensor g, boolean owned) {
                t.accumulateGrad(g, owned);
            }

            @Override
            public Tensor uninitialized(DType dtype, Device device, int[] shape) {
                return allocate(dtype, device, shape, false);
            }
        });
    }
    /** Whether {@link #grad} was taken out of a memory scope by this tensor, to be handed back when dropped. */
    private boolean gradOwned;

    /**
     * A view on {@code storage}. Ops create tensors through {@link TensorAccess#view}; user code uses the
     * factory methods ({@link #zeros}, {@link #of}, ...).
     */
    private Tensor(Storage storage, int[] shape, long[] strides, long offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("shape " + Shape.format(shape) + " and strides have different ranks");
        }
        if (storage.isReleased()) {
            throw MemoryScope.released("view", storage.dtype(), storage.device(), shape);
        }
        checkView(storage, shape, strides, offset);
        this.storage = storage;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
    }

    /** Fails before any kernel runs when the view has a negative dimension or reaches outside its storage. */
    private static void checkView(Storage storage, int[] shape, long[] strides, long offset) {
        if (Shape.numel(shape) == 0) {
            return;
        }
        long[] reach;
        try {
            reach = Shape.reach(shape, strides, offset);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a view of shape " + Shape.format(shape) + " with strides "
                    + java.util.Arrays.toString(strides) + " and offset " + offset
                    + " reaches past the range of a long, outside its storage of " + storage.size() + " elements");
        }
        long lo = reach[0];
        long hi = reach[1];
        if (lo < 0 || hi >= storage.size()) {
            throw new IllegalArgumentException("a view of shape " + Shape.format(shape) + " with strides "
                    + java.util.Arrays.toString(strides) + " and offset " + offset + " reaches elements " + lo + " to "
                    + hi + ", outside its storage of " + storage.size() + " elements");
        }
    }

    /**
     * A new zero-filled contiguous tensor on {@code device}. Every tensor an op or factory creates is
     * allocated here.
     *
     * @throws IllegalArgumentException when a dimension is negative or the element count overflows
     * @throws TensorAllocationError    when the storage does not fit the device's memory
     */
    public static Tensor empty(DType dtype, Device device, int... shape) {
        return allocate(dtype, device, shape, true);
    }

    /**
     * {@link #empty}, or with {@code zeroed} false a tensor whose elements are unspecified ({@code torch.empty}), for
     * a kernel that writes every one of them: the backend may then hand over reused memory as it is.
     */
    private static Tensor allocate(DType dtype, Device device, int[] shape, boolean zeroed) {
        Backend b = Profiling.on() ? Profiling.timed(Backends.get(device)) : Backends.get(device);
        long n = Shape.numel(shape);
        if (n > b.maxElements()) {
            throw new IllegalArgumentException("empty: shape " + Shape.format(shape) + " has " + n
                    + " elements, more than the " + b.maxElements() + " one storage of " + device + " can hold"
                    + (device.equals(Device.CPU) ? " (a Java array); a device backend holds more" : "")
                    + "; split it into smaller tensors");
        }
        Storage s;
        try {
            s = zeroed ? b.allocate(dtype, n) : b.allocateUninitialized(dtype, n);
        } catch (OutOfMemoryError e) {
            throw TensorAllocationError.of(dtype, device, shape, e);
        }
        return MemoryScope.track(new Tensor(s, shape, Shape.contiguousStrides(shape), 0));
    }

    // ---- creation --------------------------------------------------------------------------------

    /** float32 zeros of the given shape ({@code torch.zeros}). */
    public static Tensor zeros(int... shape) {
        return empty(DType.FLOAT32, Device.getDefault(), shape);
    }

    /** Zeros of the given shape and dtype. */
    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, Device.getDefault(), shape);
    }

    /** float32 ones ({@code torch.ones}). */
    public static Tensor ones(int... shape) {
        return full(1.0, DType.FLOAT32, shape);
    }

    /** Ones of the given dtype. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    /** float32 tensor filled with {@code value} ({@code torch.full}). */
    public static Tensor full(double value, int... shape) {
        return full(value, DType.FLOAT32, shape);
    }

    /** A tensor of the given dtype filled with {@code value}. */
    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = empty(dtype, Device.getDefault(), shape);
        if (value != 0.0) {
            t.backend().fill(t, value);
        }
        return t;
    }

    /** Zeros with {@code like}'s shape, dtype and device. */
    public static Tensor zerosLike(Tensor like) {
        return empty(like.dtype(), like.device(), like.shape);
    }

    /** Ones with {@code like}'s shape, dtype and device. */
    public static Tensor onesLike(Tensor like) {
        return fullLike(like, 1.0);
    }

    /** {@code value} everywhere, with {@code like}'s shape, dtype and device. */
    public static Tensor fullLike(Tensor like, double value) {
        Tensor t = zerosLike(like);
        if (value != 0.0) {
            t.backend().fill(t, value);
        }
        return t;
    }

    /** A float32 scalar (rank 0). */
    public static Tensor scalar(double value) {
        return full(value, DType.FLOAT32);
    }

    /** A scalar (rank 0) of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** A rank-0 tensor holding {@code value}, on {@code like}'s device with {@code dtype}. */
    public static Tensor scalarLike(double value, DType dtype, Tensor like) {
        Tensor t = empty(dtype, like.device());
        if (value != 0.0) {
            t.backend().fill(t, value);
        }
        return t;
    }

    /** 1-D float32 {@code [0, 1, ..., end-1]} ({@code torch.arange}). */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /** 1-D float32 {@code start, start+step, ...} up to but excluding {@code end}. */
    public static Tensor arange(double start, double end, double step) {
        return arange(start, end, step, DType.FLOAT32);
    }

    /** 1-D {@code start, start+step, ...} up to but excluding {@code end}, of the given dtype. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero and bounds finite, got start=" + start
                    + " end=" + end + " step=" + step);
        }
        double count = Math.max(0, Math.ceil((end - start) / step));
        if (count > JavaArrays.MAX_LENGTH) {
            throw new IllegalArgumentException("arange: start=" + start + " end=" + end + " step=" + step + " gives "
                    + (long) count + " elements, more than the " + JavaArrays.MAX_LENGTH
                    + " one host array can hold");
        }
        int n = (int) count;
        double[] v = (double[]) JavaArrays.allocate(DType.FLOAT64, new int[] {n});
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(v).to(dtype);
    }

    /**
     * 1-D float32 of {@code num} evenly spaced values from {@code start} to {@code end} inclusive
     * ({@code torch.linspace}).
     */
    public static Tensor linspace(double start, double end, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace: num must not be negative, got " + num);
        }
        double[] v = (double[]) JavaArrays.allocate(DType.FLOAT64, new int[] {num});
        for (int i = 0; i < num; i++) {
            v[i] = num == 1 ? start : start + (end - start) * i / (num - 1);
        }
        return of(v).to(DType.FLOAT32);
    }

    /** The float32 {@code n x n} identity matrix ({@code torch.eye}). */
    public static Tensor eye(int n) {
        float[] v = (float[]) JavaArrays.allocate(DType.FLOAT32, new int[] {n, n});
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1f;
        }
        return wrap(v, n, n);
    }

    /** A 1-D float32 tensor holding a copy of {@code values}. */
    public static Tensor of(float... values) {
        return fromArray(values);
    }

    /** A 1-D float64 tensor holding a copy of {@code values}. */
    public static Tensor of(double... values) {
        return fromArray(values);
    }

    /** A 1-D int32 tensor holding a copy of {@code values}. */
    public static Tensor of(int... values) {
        return fromArray(values);
    }

    /** A 1-D int64 tensor holding a copy of {@code values}. */
    public static Tensor of(long... values) {
        return fromArray(values);
    }

    /** A 1-D bool tensor holding a copy of {@code values}. */
    public static Tensor of(boolean... values) {
        return fromArray(values);
    }

    /**
     * A tensor copied from a Java array of any rank ({@code float[][]}, {@code int[][][]}, ...) of
     * float, double, int, long or boolean; the dtype follows the element type. Ragged arrays fail.
     */
    public static Tensor fromArray(Object array) {
        JavaArrays.Flat flat = JavaArrays.flatten(array);
        Backend backend = Backends.get(Device.getDefault());
        return MemoryScope.track(
                new Tensor(backend.fromHost(flat.data()), flat.shape(), Shape.contiguousStrides(flat.shape()), 0));
    }

    /**
     * Wraps a flat row-major primitive array with the given shape: without copying on the CPU, copied to
     * the default device otherwise. The caller must not modify the array afterwards.
     */
    public static Tensor wrap(Object flatArray, int... shape) {
        return wrapped(Backends.get(Device.getDefault()).fromHost(flatArray), shape);
    }

    /**
     * Wraps a flat row-major array holding {@code dtype}'s stored form: a {@code short[]} of bits for float16 and
     * bfloat16 (as {@code torch.frombuffer} reads raw memory), a {@code byte[]} for uint8 (read as 0..255) or int8,
     * the primitive array of the other types. Without copying on the CPU, copied to the default device otherwise.
     */
    public static Tensor wrap(Object flatArray, DType dtype, int... shape) {
        return wrapped(Backends.get(Device.getDefault()).fromHost(flatArray, dtype), shape);
    }

    /**
     * A tensor of {@code dtype} with the values of a Java array of any rank, converted ({@code torch.tensor(data,
     * dtype=...)}): {@code fromArray(new float[][] {...}, DType.BFLOAT16)} rounds each value to bfloat16.
     */
    public static Tensor fromArray(Object array, DType dtype) {
        return fromArray(array).to(dtype);
    }

    private static Tensor wrapped(Storage s, int[] shape) {
        if (s.size() != Shape.numel(shape)) {
            throw new IllegalArgumentException(
                    "wrap: array of " + s.size() + " elements cannot have shape " + Shape.format(shape));
        }
        return MemoryScope.track(new Tensor(s, shape, Shape.contiguousStrides(shape), 0));
    }

    /** Standard-normal float32 draws on the default device, from its generator ({@code torch.randn}). */
    public static Tensor randn(int... shape) {
        return normal(0, 1, shape);
    }

    /** Uniform float32 draws in {@code [0, 1)} on the default device, from its generator ({@code torch.rand}). */
    public static Tensor rand(int... shape) {
        return uniform(0, 1, shape);
    }

    /**
     * Normal float32 draws with the given mean and standard deviation ({@code tf.random.normal}), on the default
     * device from that device's generator ({@link Generator#defaultFor}).
     */
    public static Tensor normal(double mean, double std, int... shape) {
        Device d = Device.getDefault();
        return normal(mean, std, Generator.defaultFor(d), d, shape);
    }

    /** Normal float32 draws from {@code gen}, on the default device. */
    public static Tensor normal(double mean, double std, Generator gen, int... shape) {
        return normal(mean, std, gen, Device.getDefault(), shape);
    }

    /**
     * Normal float32 draws from {@code gen} made on {@code device} ({@code torch.randn(..., generator=g,
     * device=d)}): on the CPU the generator's own values; elsewhere the device computes them from one key the
     * generator gives ({@link dev.synapse.backend.RandomDraw}), so nothing is copied from the host.
     */
    public static Tensor normal(double mean, double std, Generator gen, Device device, int... shape) {
        if (!device.equals(Device.CPU)) {
            return draw(
                    new dev.synapse.backend.RandomDraw.Normal(mean, std, gen.nextLong()), DType.FLOAT32, device, shape);
        }
        double[] v = drawBuffer(shape);
        gen.fillNormal(v, mean, std);
        return onCpu(v, shape).to(DType.FLOAT32);
    }

    /** The float64 host buffer random draws are made in before conversion. */
    private static double[] drawBuffer(int[] shape) {
        return (double[]) JavaArrays.allocate(DType.FLOAT64, shape);
    }

    private static Tensor onCpu(Object flat, int[] shape) {
        return new Tensor(Backends.get(Device.CPU).fromHost(flat), shape, Shape.contiguousStrides(shape), 0);
    }

    /** A draw computed by {@code device}'s own kernel. */
    private static Tensor draw(dev.synapse.backend.RandomDraw draw, DType dtype, Device device, int[] shape) {
        Tensor out = empty(dtype, device, shape);
        out.backend().random(draw, out);
        return out;
    }

    /** Uniform float32 draws in {@code [low, high)} ({@code tf.random.uniform}) on the default device, from its generator. */
    public static Tensor uniform(double low, double high, int... shape) {
        Device d = Device.getDefault();
        return uniform(low, high, Generator.defaultFor(d), d, shape);
    }

    /** Uniform float32 draws in {@code [low, high)} from {@code gen}, on the default device. */
    public static Tensor uniform(double low, double high, Generator gen, int... shape) {
        return uniform(low, high, gen, Device.getDefault(), shape);
    }

    /** Uniform float32 draws in {@code [low, high)} from {@code gen} made on {@code device} (see {@link #normal(double, double, Generator, Device, int...)}). */
    public static Tensor uniform(double low, double high, Generator gen, Device device, int... shape) {
        if (!device.equals(Device.CPU)) {
            return draw(
                    new dev.synapse.backend.RandomDraw.Uniform(low, high, gen.nextLong()),
                    DType.FLOAT32,
                    device,
                    shape);
        }
        double[] v = drawBuffer(shape);
        gen.fillUniform(v, low, high);
        return onCpu(v, shape).to(DType.FLOAT32);
    }

    /** Normal float32 draws redrawn beyond two standard deviations ({@code tf.random.truncated_normal}), on the default device. */
    public static Tensor truncatedNormal(double mean, double std, int... shape) {
        Device d = Device.getDefault();
        return truncatedNormal(mean, std, Generator.defaultFor(d), d, shape);
    }

    /** Truncated-normal float32 draws from {@code gen}, on the default device. */
    public static Tensor truncatedNormal(double mean, double std, Generator gen, int... shape) {
        return truncatedNormal(mean, std, gen, Device.getDefault(), shape);
    }

    /** Truncated-normal float32 draws from {@code gen} made on {@code device} (see {@link #normal(double, double, Generator, Device, int...)}). */
    public static Tensor truncatedNormal(double mean, double std, Generator gen, Device device, int... shape) {
        if (!device.equals(Device.CPU)) {
            return draw(
                    new dev.synapse.backend.RandomDraw.TruncatedNormal(mean, std, gen.nextLong()),
                    DType.FLOAT32,
                    device,
                    shape);
        }
        double[] v = drawBuffer(shape);
        gen.fillTruncatedNormal(v, mean, std);
        return onCpu(v, shape).to(DType.FLOAT32);
    }

    /** Bool draws, {@code true} with probability {@code p} ({@code torch.bernoulli}), on the default device. */
    public static Tensor bernoulli(double p, int... shape) {
        Device d = Device.getDefault();
        return bernoulli(p, Generator.defaultFor(d), d, shape);
    }

    /** Bool draws from {@code gen}, {@code true} with probability {@code p}, on the default device. */
    public static Tensor bernoulli(double p, Generator gen, int... shape) {
        return bernoulli(p, gen, Device.getDefault(), shape);
    }

    /** Bool draws from {@code gen} made on {@code device} (see {@link #normal(double, double, Generator, Device, int...)}). */
    public static Tensor bernoulli(double p, Generator gen, Device device, int... shape) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        }
        if (!device.equals(Device.CPU)) {
            return draw(new dev.synapse.backend.RandomDraw.Bernoulli(p, gen.nextLong()), DType.BOOL, device, shape);
        }
        boolean[] v = (boolean[]) JavaArrays.allocate(DType.BOOL, shape);
        gen.fillBernoulli(v, p);
        return onCpu(v, shape);
    }

    // ---- properties ------------------------------------------------------------------------------

    /** The dimensions. */
    public Shape shape() {
        return Shape.of(shape);
    }

    /** A copy of the dimensions as an array. */
    public int[] dims() {
        return shape.clone();
    }

    /** Dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape[Shape.normalizeAxis(axis, shape.length, "dim")];
    }

    /** The number of dimensions ({@code ndim}). */
    public int rank() {
        return shape.length;
    }

    /** The number of elements ({@code numel}); a {@code long}, since a device tensor may hold more than 2^31. */
    public long size() {
        return Shape.numel(shape);
    }

    /** The element type. */
    public DType dtype() {
        return storage.dtype();
    }

    /** The device the storage lives on. */
    public Device device() {
        return storage.device();
    }

    /** The backend that computes on this tensor's device. */
    public Backend backend() {
        Backend b = Backends.get(storage.device());
        // While a profiler records, kernels are timed; otherwise this one check is all it costs.
        return Profiling.on() ? Profiling.timed(b) : b;
    }

    /** The underlying buffer, shared by all views of it. */
    public Storage storage() {
        return storage;
    }

    /** A copy of the strides, in elements ({@code stride()}). */
    public long[] strides() {
        return strides.clone();
    }

    /** Stride of {@code axis} in elements, without copying. */
    public long stride(int axis) {
        return strides[axis];
    }

    /** Offset of the first element in the storage. */
    public long offset() {
        return offset;
    }

    /** True when the elements lie in row-major order without gaps, starting at {@link #offset()}. */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    // ---- reading values --------------------------------------------------------------------------

    /** The value of a one-element tensor, as a double ({@code item()}). */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException(
                    "item: only a one-element tensor has an item; this one has shape " + Shape.format(shape));
        }
        return toDoubleArray()[0];
    }

    /** The element at the given indices, as a double. */
    public double getDouble(int... indices) {
        if (indices.length != shape.length) {
            throw new IllegalArgumentException("getDouble: expected " + shape.length + " indices for shape "
                    + Shape.format(shape) + ", got " + indices.length);
        }
        Tensor t = this;
        for (int i = 0; i < indices.length; i++) {
            t = t.select(0, indices[i]);
        }
        return t.item();
    }

    /** A flat row-major copy of the elements converted to float. */
    public float[] toFloatArray() {
        return (float[]) to(DType.FLOAT32).hostArray();
    }

    /** A flat row-major copy of the elements converted to double. */
    public double[] toDoubleArray() {
        return (double[]) to(DType.FLOAT64).hostArray();
    }

    /** A flat row-major copy of the elements converted to int. */
    public int[] toIntArray() {
        return (int[]) to(DType.INT32).hostArray();
    }

    /** A flat row-major copy of the elements converted to long. */
    public long[] toLongArray() {
        return (long[]) to(DType.INT64).hostArray();
    }

    /** A flat row-major copy of the elements converted to int16 (wrapping, as a C cast). */
    public short[] toShortArray() {
        return (short[]) to(DType.INT16).hostArray();
    }

    /** A flat row-major copy of the elements converted to int8 (wrapping: uint8 200 becomes -56, the same bits). */
    public byte[] toByteArray() {
        return (byte[]) to(DType.INT8).hostArray();
    }

    /** A flat row-major copy of the elements converted to boolean (non-zero is true). */
    public boolean[] toBooleanArray() {
        return (boolean[]) to(DType.BOOL).hostArray();
    }

    /**
     * A nested Java array ({@code float[][]} for a 2-D float32 tensor, ...) copied from the elements
     * ({@code tolist()}).
     */
    public Object toArray() {
        // Half values come back as floats and uint8 as ints (0..255), as tolist() gives numbers, not stored bits.
        Tensor t = dtype().isHalf() ? to(DType.FLOAT32) : dtype() == DType.UINT8 ? to(DType.INT32) : this;
        return JavaArrays.nest(t.hostArray(), shape);
    }

    private Object hostArray() {
        // Checks a step deferred on this device are settled before anything read from it is trusted.
        dev.synapse.ops.AsyncAsserts.verify(device());
        return backend().toHost(this);
    }

    // ---- devices and types -----------------------------------------------------------------------

    /** This tensor converted to {@code dtype} (itself when it already has it), as {@code tensor.to(dtype)}. */
    public Tensor to(DType dtype) {
        return Arithmetic.cast(this, dtype);
    }

    /** This tensor on {@code device} (itself when it is already there); gradients flow back across. */
    public Tensor to(Device device) {
        return Arithmetic.toDevice(this, device);
    }

    /** A contiguous tensor with the same values: this one if already contiguous. */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.copy(this);
    }

    /** A contiguous copy that does not share storage ({@code clone()}); gradients flow through. */
    public Tensor copy() {
        return Views.copy(this);
    }

    // ---- autograd --------------------------------------------------------------------------------

    /** True when ops on this tensor record the graph so that gradients reach it. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks this leaf tensor as needing a gradient ({@code requires_grad_}), as for trainable weights.
     * Returns {@code this}.
     */
    public Tensor requiresGrad(boolean value) {
        if (value && !dtype().isFloating()) {
            throw new IllegalArgumentException("requiresGrad: only float tensors can have gradients, got " + dtype());
        }
        if (!value && gradFn != null) {
            throw new IllegalStateException("requiresGrad: cannot clear the flag of a computed tensor; use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient after {@link #backward()}, or {@code null} ({@code .grad}). */
    public @Nullable Tensor grad() {
        return grad;
    }

    /**
     * Replaces the accumulated gradient (optimizers and gradient clipping use this). The gradient outlives the
     * {@link MemoryScope} it was computed in, as {@link #grad()} does after {@link #backward()}.
     */
    public void setGrad(@Nullable Tensor grad) {
        if (grad != null && !grad.shape().equals(shape())) {
            throw new IllegalArgumentException(
                    "setGrad: gradient shape " + grad.shape() + " does not match tensor shape " + shape());
        }
        replaceGrad(grad);
    }

    /**
     * The variable this tensor is the value of (a layer's weight), or {@code null}: optimizers key their
     * state by it, so that state survives the weight's tensor being replaced (see {@link VariableId}).
     */
    public @Nullable VariableId variableId() {
        return variableId;
    }

    /**
     * Marks this tensor as the current value of variable {@code id}; a weight calls this for each tensor it
     * holds. Views and results of ops do not inherit it.
     */
    public Tensor bindVariable(VariableId id) {
        this.variableId = java.util.Objects.requireNonNull(id, "id");
        return this;
    }

    /**
     * Clears the accumulated gradient ({@code zero_grad(set_to_none=True)}). Inside a {@link MemoryScope} (a training
     * step) the gradient's memory goes back to the device when the scope ends.
     */
    public void zeroGrad() {
        replaceGrad(null);
    }

    /**
     * Takes the new gradient out of the open memory scopes (it persists, as PyTorch's {@code .grad}) and hands the
     * old one, if this tensor took it out of a scope, to the innermost scope open now, which releases it when it
     * ends.
     */
    private void replaceGrad(@Nullable Tensor g) {
        Tensor old = grad;
        grad = g;
        if (g != null && old != null && g.storage().equals(old.storage())) {
            return;
        }
        boolean oldOwned = gradOwned;
        gradOwned = g != null && MemoryScope.untrack(g.storage());
        if (old != null && oldOwned) {
            MemoryScope.track(old);
        }
    }

    /** The node that computed this tensor ({@code grad_fn}), or {@code null} for a leaf. */
    public @Nullable Node gradFn() {
        return gradFn;
    }

    /** True for tensors not computed by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /**
     * Backpropagates from this scalar, accumulating into every leaf's {@link #grad()} ({@code loss.backward()}).
     *
     * @throws IllegalStateException when a tensor the graph saved was modified in place after its op ran
     */
    public void backward() {
        if (size() != 1) {
            throw new IllegalStateException("backward: the output has shape " + Shape.format(shape)
                    + "; only a scalar can be backpropagated without an upstream gradient; call backward(grad)");
        }
        Autograd.backward(this, null);
    }

    /**
     * As {@link #backward()}, keeping the graph for another backward pass when {@code retainGraph} ({@code
     * loss.backward(retain_graph=True)}). Without it the tensors the graph saved are dropped as the pass uses them,
     * and a second backward through the graph fails.
     */
    public void backward(boolean retainGraph) {
        if (size() != 1) {
            throw new IllegalStateException("backward: the output has shape " + Shape.format(shape)
                    + "; only a scalar can be backpropagated without an upstream gradient; call backward(grad)");
        }
        Autograd.backward(this, null, retainGraph);
    }

    /** Backpropagates from this tensor weighted by the upstream gradient {@code grad} of the same shape. */
    public void backward(Tensor grad) {
        Autograd.backward(this, grad);
    }

    /** As {@link #backward(Tensor)}, keeping the graph for another pass when {@code retainGraph}. */
    public void backward(Tensor grad, boolean retainGraph) {
        Autograd.backward(this, grad, retainGraph);
    }

    /** A view on the same storage that is cut from the graph ({@code detach()}, {@code tf.stop_gradient}). */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    /** Used by {@link Autograd#record} through {@link TensorAccess}: makes this tensor the output of a recorded node. */
    private void attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** Used by {@link Autograd#backward} through {@link TensorAccess}: adds {@code g} to this leaf's gradient. */
    private void accumulateGrad(Tensor g, boolean owned) {
        // A private copy unless the sweep says nothing else holds g: gradients of different inputs may share storage,
        // and optimizers and clipping update gradients in place.
        Tensor prev = grad;
        replaceGrad(prev == null ? (owned ? g : g.copy()) : prev.add(g));
    }

    /**
     * Lets this tensor's storage outlive every {@link MemoryScope} open on this thread (the training step it is
     * created in): for state kept across steps, such as weights, optimizer slots, metric totals and values kept for
     * logging. The memory is then freed when the storage becomes unreachable. Returns {@code this}.
     */
    public Tensor keep() {
        return MemoryScope.persist(this);
    }

    // ---- in-place updates (no graph) -------------------------------------------------------------

    /**
     * Copies {@code value} (broadcast) into this tensor's elements ({@code copy_}, {@code tf.Variable.assign}); returns
     * {@code this}.
     */
    public Tensor assign(Tensor value) {
        checkInPlace("assign");
        Shape.broadcast(value.shape, shape, "assign");
        if (!value.device().equals(device())) {
            value = value.to(device());
        }
        backend().copy(value, this);
        incrementVersion();
        return this;
    }

    /** Sets every element to {@code value} ({@code fill_}, {@code zero_} with 0); returns {@code this}. */
    public Tensor fill(double value) {
        checkInPlace("fill");
        backend().fill(this, value);
        incrementVersion();
        return this;
    }

    /**
     * The number of in-place writes to this tensor's storage, shared by all its views (PyTorch's
     * {@code tensor._version}). Backward compares it with the value each op saved and fails rather
     * than compute a gradient from values changed after the forward pass.
     */
    public long version() {
        return storage.version();
    }

    /**
     * Records an in-place write to this tensor's storage (PyTorch's
     * {@code torch.autograd.graph.increment_version}). The in-place methods here do it themselves;
     * code that writes through a backend kernel directly (a fused optimizer update) must call it.
     */
    public void incrementVersion() {
        storage.bumpVersion();
    }

    /** {@code this += other} ({@code add_}); returns {@code this}. */
    public Tensor addInPlace(Tensor other) {
        return Arithmetic.inPlace(dev.synapse.backend.BinaryOp.ADD, this, other);
    }

    /** {@code this -= other} ({@code sub_}); returns {@code this}. */
    public Tensor subInPlace(Tensor other) {
        return Arithmetic.inPlace(dev.synapse.backend.BinaryOp.SUB, this, other);
    }

    /** {@code this *= other} ({@code mul_}); returns {@code this}. */
    public Tensor mulInPlace(Tensor other) {
        return Arithmetic.inPlace(dev.synapse.backend.BinaryOp.MUL, this, other);
    }

    /** {@code this *= s}; returns {@code this}. */
    public Tensor mulInPlace(double s) {
        return mulInPlace(scalarLike(s, dtype(), this));
    }

    /** Fails when an in-place write would corrupt a graph that is being recorded. */
    public void checkInPlace(String op) {
        if (requiresGrad && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a tensor that requires a gradient cannot be modified in place "
                    + "while gradients are recorded; do it inside GradMode.noGrad()");
        }
    }

    // ---- arithmetic (dev.synapse.ops.Arithmetic) -------------------------------------------------

    /** {@code this + other} with broadcasting. */
    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    /** {@code this + s}. */
    public Tensor add(double s) {
        return Arithmetic.add(this, Arithmetic.scalarFor(this, s));
    }

    /** {@code this - other} with broadcasting. */
    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    /** {@code this - s}. */
    public Tensor sub(double s) {
        return Arithmetic.sub(this, Arithmetic.scalarFor(this, s));
    }

    /** {@code this * other} elementwise with broadcasting. */
    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    /** {@code this * s}. */
    public Tensor mul(double s) {
        return Arithmetic.mul(this, Arithmetic.scalarFor(this, s));
    }

    /** {@code this / other} elementwise with broadcasting (true division). */
    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    /** {@code this / s}. */
    public Tensor div(double s) {
        return Arithmetic.div(this, Arithmetic.scalarFor(this, s));
    }

    /** {@code s - this}. */
    public Tensor rsub(double s) {
        return Arithmetic.sub(Arithmetic.scalarFor(this, s), this);
    }

    /** {@code s / this}. */
    public Tensor rdiv(double s) {
        return Arithmetic.div(Arithmetic.scalarFor(this, s), this);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Arithmetic.neg(this);
    }

    /** {@code this ^ exponent} elementwise. */
    public Tensor pow(double exponent) {
        return Arithmetic.pow(this, exponent);
    }

    /** {@code this ^ exponent} elementwise with broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Arithmetic.pow(this, exponent);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Arithmetic.sqrt(this);
    }

    /** {@code 1 / sqrt(this)}. */
    public Tensor rsqrt() {
        return Arithmetic.rsqrt(this);
    }

    /** {@code e ^ this}. */
    public Tensor exp() {
        return Arithmetic.exp(this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Arithmetic.log(this);
    }

    /** {@code log(1 + this)}, accurate near zero. */
    public Tensor log1p() {
        return Arithmetic.log1p(this);
    }

    /** Absolute value. */
    public Tensor abs() {
        return Arithmetic.abs(this);
    }

    /** -1, 0 or 1 (no gradient). */
    public Tensor sign() {
        return Arithmetic.sign(this);
    }

    /** {@code this * this}. */
    public Tensor square() {
        return Arithmetic.square(this);
    }

    /** Limits the values to {@code [min, max]} ({@code clip}). */
    public Tensor clamp(double min, double max) {
        return Arithmetic.clamp(this, min, max);
    }

    /** Elementwise minimum with broadcasting. */
    public Tensor minimum(Tensor other) {
        return Arithmetic.minimum(this, other);
    }

    /** Elementwise maximum with broadcasting. */
    public Tensor maximum(Tensor other) {
        return Arithmetic.maximum(this, other);
    }

    /** {@code this == other} (bool, no gradient). */
    public Tensor eq(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.EQ, this, other);
    }

    /** {@code this == s}. */
    public Tensor eq(double s) {
        return eq(Arithmetic.scalarFor(this, s));
    }

    /** {@code this != other}. */
    public Tensor ne(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.NE, this, other);
    }

    /** {@code this < other}. */
    public Tensor lt(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.LT, this, other);
    }

    /** {@code this < s}. */
    public Tensor lt(double s) {
        return lt(Arithmetic.scalarFor(this, s));
    }

    /** {@code this <= other}. */
    public Tensor le(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.LE, this, other);
    }

    /** {@code this > other}. */
    public Tensor gt(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.GT, this, other);
    }

    /** {@code this > s}. */
    public Tensor gt(double s) {
        return gt(Arithmetic.scalarFor(this, s));
    }

    /** {@code this >= other}. */
    public Tensor ge(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.GE, this, other);
    }

    /** Logical and of bool tensors. */
    public Tensor and(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.AND, this, other);
    }

    /** Logical or of bool tensors. */
    public Tensor or(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.OR, this, other);
    }

    /** Logical exclusive or of bool tensors. */
    public Tensor xor(Tensor other) {
        return Arithmetic.compare(dev.synapse.backend.BinaryOp.XOR, this, other);
    }

    /** Logical not of a bool tensor. */
    public Tensor not() {
        return Arithmetic.not(this);
    }

    /** {@code condition ? a : b} elementwise with broadcasting ({@code torch.where}). */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Arithmetic.where(condition, a, b);
    }

    // ---- views (dev.synapse.ops.Views) -----------------------------------------------------------

    /** The same elements with a new shape; one dimension may be -1 (inferred). A view when possible. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** A 1-D view of all elements. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Merges axes {@code startAxis..endAxis} (inclusive) into one ({@code torch.flatten}). */
    public Tensor flatten(int startAxis, int endAxis) {
        return Views.flatten(this, startAxis, endAxis);
    }

    /** Reorders the axes ({@code permute}, {@code np.transpose(x, axes)}). */
    public Tensor permute(int... axes) {
        return Views.permute(this, axes);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        return Views.transpose(this, axis0, axis1);
    }

    /** Swaps the last two axes: the matrix transpose ({@code mT}). */
    public Tensor t() {
        return Views.transpose(this, -2, -1);
    }

    /** Removes every axis of size 1. */
    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    /** Removes {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        return Views.squeeze(this, axis);
    }

    /** Inserts an axis of size 1 at {@code axis} ({@code expand_dims}). */
    public Tensor unsqueeze(int axis) {
        return Views.unsqueeze(this, axis);
    }

    /** A broadcast view with the given shape (size-1 axes repeat with stride 0; -1 keeps a size). */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along {@code axis} (Python slicing; negatives count
     * from the end).
     */
    public Tensor slice(int axis, int start, int end, int step) {
        return Views.slice(this, axis, start, end, step);
    }

    /** Elements {@code start..end-1} along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        return Views.slice(this, axis, start, end, 1);
    }

    /** The slice at {@code index} along {@code axis}, with that axis removed ({@code x[:, i]}). */
    public Tensor select(int axis, int index) {
        return Views.select(this, axis, index);
    }

    /** The slice at {@code index} along the first axis ({@code x[i]}). */
    public Tensor get(int index) {
        return Views.select(this, 0, index);
    }

    /** Sums broadcast axes away so the result has {@code targetShape}: the adjoint of broadcasting. */
    public Tensor sumToShape(int... targetShape) {
        return Views.sumToShape(this, targetShape);
    }

    // ---- reductions (dev.synapse.ops.Reductions) -------------------------------------------------

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** Sum over {@code axes} (negative counts from the end), keeping them as size 1 when {@code keepDims}. */
    public Tensor sum(int @Nullable [] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    /** Sum over one axis. */
    public Tensor sum(int axis) {
        return Reductions.sum(this, new int[] {axis}, false);
    }

    /** Mean of all elements (a scalar). */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** Mean over {@code axes}. */
    public Tensor mean(int @Nullable [] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /** Mean over one axis. */
    public Tensor mean(int axis) {
        return Reductions.mean(this, new int[] {axis}, false);
    }

    /** Largest element (a scalar). */
    public Tensor max() {
        return Reductions.max(this, null, false);
    }

    /** Largest element over {@code axes}. */
    public Tensor max(int @Nullable [] axes, boolean keepDims) {
        return Reductions.max(this, axes, keepDims);
    }

    /** Largest element over one axis. */
    public Tensor max(int axis) {
        return Reductions.max(this, new int[] {axis}, false);
    }

    /** Smallest element (a scalar). */
    public Tensor min() {
        return Reductions.min(this, null, false);
    }

    /** Smallest element over {@code axes}. */
    public Tensor min(int @Nullable [] axes, boolean keepDims) {
        return Reductions.min(this, axes, keepDims);
    }

    /** Smallest element over one axis. */
    public Tensor min(int axis) {
        return Reductions.min(this, new int[] {axis}, false);
    }

    /**
     * Largest element over {@code axes} ({@code torch.amax}, {@code numpy.amax}); the same as
     * {@link #max(int[], boolean)}.
     */
    public Tensor amax(int @Nullable [] axes, boolean keepDims) {
        return Reductions.max(this, axes, keepDims);
    }

    /**
     * Smallest element over {@code axes} ({@code torch.amin}, {@code numpy.amin}); the same as
     * {@link #min(int[], boolean)}.
     */
    public Tensor amin(int @Nullable [] axes, boolean keepDims) {
        return Reductions.min(this, axes, keepDims);
    }

    /** Product of all elements (a scalar; int64 for integer tensors) ({@code torch.prod}). */
    public Tensor prod() {
        return Reductions.prod(this, null, false);
    }

    /** Product over {@code axes} ({@code null}: all). */
    public Tensor prod(int @Nullable [] axes, boolean keepDims) {
        return Reductions.prod(this, axes, keepDims);
    }

    /** Product over one axis. */
    public Tensor prod(int axis) {
        return Reductions.prod(this, new int[] {axis}, false);
    }

    /**
     * Population variance of all elements (a scalar): divides by n, as {@code numpy.var} and
     * {@code keras.ops.var}. {@code torch.var} divides by n - 1 by default; use
     * {@link #variance(int[], boolean, int)} with ddof 1 for that.
     */
    public Tensor variance() {
        return Reductions.variance(this, null, false);
    }

    /** Population variance over one axis (divides by n; see {@link #variance()}). */
    public Tensor variance(int axis) {
        return Reductions.variance(this, new int[] {axis}, false);
    }

    /** Population variance over {@code axes} ({@code null}: all; divides by n; see {@link #variance()}). */
    public Tensor variance(int @Nullable [] axes, boolean keepDims) {
        return Reductions.variance(this, axes, keepDims);
    }

    /**
     * Variance over {@code axes} dividing by n - {@code ddof}: 0 gives the population variance
     * (NumPy, Keras), 1 the unbiased estimate ({@code torch.var}'s default, its {@code correction=1}).
     */
    public Tensor variance(int @Nullable [] axes, boolean keepDims, int ddof) {
        return Reductions.variance(this, axes, keepDims, ddof);
    }

    /**
     * Population standard deviation of all elements (a scalar): divides by n, as {@code numpy.std}
     * and {@code keras.ops.std}, consistent with {@link #variance()}. {@code torch.std} divides by
     * n - 1 by default; use {@link #std(int[], boolean, int)} with ddof 1 for that.
     */
    public Tensor std() {
        return Reductions.std(this, null, false);
    }

    /** Population standard deviation over one axis (divides by n; see {@link #std()}). */
    public Tensor std(int axis) {
        return Reductions.std(this, new int[] {axis}, false);
    }

    /** Population standard deviation over {@code axes} ({@code null}: all; divides by n; see {@link #std()}). */
    public Tensor std(int @Nullable [] axes, boolean keepDims) {
        return Reductions.std(this, axes, keepDims);
    }

    /**
     * Standard deviation over {@code axes} dividing by n - {@code ddof}: 0 is NumPy's and Keras'
     * default, 1 is {@code torch.std}'s ({@code correction=1}, {@code unbiased=True}).
     */
    public Tensor std(int @Nullable [] axes, boolean keepDims, int ddof) {
        return Reductions.std(this, axes, keepDims, ddof);
    }

    /**
     * Index (int64 scalar) of the first largest element of the flattened tensor ({@code torch.argmax()} with no dim).
     */
    public Tensor argmax() {
        return Reductions.argmax(this);
    }

    /** Index (int64) of the first largest element along {@code axis}. */
    public Tensor argmax(int axis) {
        return Reductions.argmax(this, axis, false);
    }

    /** Index (int64) of the first largest element along {@code axis}, kept as size 1 when {@code keepDims}. */
    public Tensor argmax(int axis, boolean keepDims) {
        return Reductions.argmax(this, axis, keepDims);
    }

    /**
     * Index (int64 scalar) of the first smallest element of the flattened tensor ({@code torch.argmin()} with no dim).
     */
    public Tensor argmin() {
        return Reductions.argmin(this);
    }

    /** Index (int64) of the first smallest element along {@code axis}. */
    public Tensor argmin(int axis) {
        return Reductions.argmin(this, axis, false);
    }

    /** Index (int64) of the first smallest element along {@code axis}, kept as size 1 when {@code keepDims}. */
    public Tensor argmin(int axis, boolean keepDims) {
        return Reductions.argmin(this, axis, keepDims);
    }

    /** True when every element is non-zero (a bool scalar; {@code torch.all}, {@code numpy.all}). */
    public Tensor all() {
        return Reductions.all(this, null, false);
    }

    /** True where every element along {@code axis} is non-zero. */
    public Tensor all(int axis) {
        return Reductions.all(this, new int[] {axis}, false);
    }

    /** True where every element over {@code axes} ({@code null}: all) is non-zero. */
    public Tensor all(int @Nullable [] axes, boolean keepDims) {
        return Reductions.all(this, axes, keepDims);
    }

    /** True when some element is non-zero (a bool scalar; {@code torch.any}, {@code numpy.any}). */
    public Tensor any() {
        return Reductions.any(this, null, false);
    }

    /** True where some element along {@code axis} is non-zero. */
    public Tensor any(int axis) {
        return Reductions.any(this, new int[] {axis}, false);
    }

    /** True where some element over {@code axes} ({@code null}: all) is non-zero. */
    public Tensor any(int @Nullable [] axes, boolean keepDims) {
        return Reductions.any(this, axes, keepDims);
    }

    /**
     * The L2 norm of all elements (a scalar), as {@code torch.linalg.vector_norm(x)} and {@code numpy.linalg.norm} of a
     * vector.
     */
    public Tensor norm() {
        return Reductions.norm(this, 2, null, false);
    }

    /**
     * The vector norm of order {@code ord} over {@code axes} ({@code null}: all), as
     * {@code torch.linalg.vector_norm}: 1, 2, any other p, {@code Double.POSITIVE_INFINITY} (max |x|),
     * {@code NEGATIVE_INFINITY} (min |x|) or 0 (the count of non-zeros).
     */
    public Tensor norm(double ord, int @Nullable [] axes, boolean keepDims) {
        return Reductions.norm(this, ord, axes, keepDims);
    }

    // ---- linear algebra (dev.synapse.ops.LinearAlgebra) ------------------------------------------

    /** Matrix product with NumPy {@code matmul} semantics (1-D operands, batched broadcasting). */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** Inner product of two 1-D tensors. */
    public Tensor dot(Tensor other) {
        return LinearAlgebra.dot(this, other);
    }

    /** Outer product of two 1-D tensors. */
    public Tensor outer(Tensor other) {
        return LinearAlgebra.outer(this, other);
    }

    // ---- activations (dev.synapse.ops.Activations) -----------------------------------------------

    /** {@code max(this, 0)}. */
    public Tensor relu() {
        return dev.synapse.ops.Activations.relu(this);
    }

    /** {@code this > 0 ? this : alpha * this} (Keras' layer default is 0.3, PyTorch's 0.01). */
    public Tensor leakyRelu(double alpha) {
        return dev.synapse.ops.Activations.leakyRelu(this, alpha);
    }

    /** {@code this > 0 ? this : alpha * (e^this - 1)}. */
    public Tensor elu(double alpha) {
        return dev.synapse.ops.Activations.elu(this, alpha);
    }

    /** Scaled ELU with the self-normalizing constants. */
    public Tensor selu() {
        return dev.synapse.ops.Activations.selu(this);
    }

    /** Exact GELU, {@code x * Phi(x)}. */
    public Tensor gelu() {
        return dev.synapse.ops.Activations.gelu(this);
    }

    /** Logistic sigmoid. */
    public Tensor sigmoid() {
        return dev.synapse.ops.Activations.sigmoid(this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return dev.synapse.ops.Activations.tanh(this);
    }

    /** {@code log(1 + e^this)}. */
    public Tensor softplus() {
        return dev.synapse.ops.Activations.softplus(this);
    }

    /** {@code this / (1 + |this|)}. */
    public Tensor softsign() {
        return dev.synapse.ops.Activations.softsign(this);
    }

    /** {@code this * sigmoid(this)} (swish). */
    public Tensor silu() {
        return dev.synapse.ops.Activations.silu(this);
    }

    /** {@code relu6(this + 3) / 6} (Keras 3). */
    public Tensor hardSigmoid() {
        return dev.synapse.ops.Activations.hardSigmoid(this);
    }

    /** Softmax along {@code axis}. */
    public Tensor softmax(int axis) {
        return dev.synapse.ops.Activations.softmax(this, axis);
    }

    /** Log-softmax along {@code axis}. */
    public Tensor logSoftmax(int axis) {
        return dev.synapse.ops.Activations.logSoftmax(this, axis);
    }

    /** {@code log(sum(e^this))} of all elements (a scalar; {@code torch.logsumexp}, {@code keras.ops.logsumexp}). */
    public Tensor logSumExp() {
        return dev.synapse.ops.Activations.logSumExp(this, null, false);
    }

    /** {@code log(sum(e^this))} along {@code axis}. */
    public Tensor logSumExp(int axis) {
        return dev.synapse.ops.Activations.logSumExp(this, new int[] {axis}, false);
    }

    /** {@code log(sum(e^this))} over {@code axes} ({@code null}: all). */
    public Tensor logSumExp(int @Nullable [] axes, boolean keepDims) {
        return dev.synapse.ops.Activations.logSumExp(this, axes, keepDims);
    }

    // ---- shape ops (dev.synapse.ops.ShapeOps) ----------------------------------------------------

    /** Joins tensors along an existing axis ({@code torch.cat}, {@code numpy.concatenate}). */
    public static Tensor concat(int axis, Tensor... tensors) {
        return dev.synapse.ops.ShapeOps.concat(axis, tensors);
    }

    /** Joins same-shaped tensors along a new axis ({@code torch.stack}). */
    public static Tensor stack(int axis, Tensor... tensors) {
        return dev.synapse.ops.ShapeOps.stack(axis, tensors);
    }

    /** {@code sections} equal views along {@code axis} ({@code numpy.split}). */
    public Tensor[] split(int sections, int axis) {
        return dev.synapse.ops.ShapeOps.split(this, sections, axis);
    }

    /** Views of the given sizes along {@code axis} (one may be -1). */
    public Tensor[] split(int[] sizes, int axis) {
        return dev.synapse.ops.ShapeOps.split(this, sizes, axis);
    }

    /** The slices along {@code axis}, that axis removed ({@code torch.unbind}, {@code tf.unstack}). */
    public Tensor[] unbind(int axis) {
        return dev.synapse.ops.ShapeOps.unbind(this, axis);
    }

    /** Pads with {@code value}, {@code padWidth[d] = {before, after}} per axis ({@code numpy.pad}). */
    public Tensor pad(int[][] padWidth, double value) {
        return dev.synapse.ops.ShapeOps.pad(this, padWidth, value);
    }

    /** Repeats the whole tensor along each axis ({@code numpy.tile}, {@code torch.Tensor.repeat}). */
    public Tensor tile(int... reps) {
        return dev.synapse.ops.ShapeOps.tile(this, reps);
    }

    /**
     * Repeats each element {@code repeats} times along {@code axis} ({@code repeat_interleave}, {@code numpy.repeat}).
     */
    public Tensor repeatInterleave(int repeats, int axis) {
        return dev.synapse.ops.ShapeOps.repeat(this, repeats, axis);
    }

    /** Reverses the order along {@code axes} (all when none), as a view ({@code torch.flip}). */
    public Tensor flip(int... axes) {
        return dev.synapse.ops.ShapeOps.flip(this, axes);
    }

    // ---- indexing (dev.synapse.ops.Indexing) -----------------------------------------------------

    /** The slices along {@code axis} at a 1-D int index ({@code torch.index_select}). */
    public Tensor indexSelect(int axis, Tensor index) {
        return dev.synapse.ops.Indexing.indexSelect(this, axis, index);
    }

    /** Slices along {@code axis} picked by indices of any rank ({@code tf.gather}, {@code numpy.take}). */
    public Tensor take(Tensor indices, int axis) {
        return dev.synapse.ops.Indexing.take(this, indices, axis);
    }

    /** One element per index along {@code axis} ({@code torch.gather}). */
    public Tensor gather(int axis, Tensor index) {
        return dev.synapse.ops.Indexing.gather(this, axis, index);
    }

    /** {@code numpy.take_along_axis}: gather with broadcasting outside {@code axis}. */
    public Tensor takeAlongAxis(Tensor indices, int axis) {
        return dev.synapse.ops.Indexing.takeAlongAxis(this, indices, axis);
    }

    /** This tensor with {@code src}'s slices added at {@code index} along {@code axis} ({@code torch.index_add}). */
    public Tensor indexAdd(int axis, Tensor index, Tensor src) {
        return dev.synapse.ops.Indexing.indexAdd(this, axis, index, src);
    }

    /** This tensor with {@code src} added at {@code index} along {@code axis} ({@code torch.scatter_add}). */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
        return dev.synapse.ops.Indexing.scatterAdd(this, axis, index, src);
    }

    /**
     * The elements where the bool {@code mask} over the leading axes is true ({@code x[mask]},
     * {@code tf.boolean_mask}).
     */
    public Tensor booleanMask(Tensor mask) {
        return dev.synapse.ops.Indexing.booleanMask(this, mask);
    }

    /** Float32 one-hot rows for these integer labels ({@code tf.one_hot}). */
    public Tensor oneHot(int numClasses) {
        return dev.synapse.ops.Indexing.oneHot(this, numClasses);
    }

    // ---- neural-network ops (dev.synapse.ops.Convolutions, dev.synapse.ops.Pooling) ----------------

    /**
     * 2-D convolution of this {@code [N, H, W, C]} image batch with {@code w [KH, KW, C/groups, F]}, stride 1, no
     * padding.
     */
    public Tensor conv2d(Tensor w) {
        return dev.synapse.ops.Convolutions.conv2d(this, w);
    }

    /** 2-D convolution with strides, padding, dilation and groups ({@code tf.nn.conv2d}, {@code F.conv2d}). */
    public Tensor conv2d(Tensor w, dev.synapse.ops.Convolutions.Conv2dOptions options) {
        return dev.synapse.ops.Convolutions.conv2d(this, w, options);
    }

    /** 1-D convolution of this {@code [N, L, C]} sequence batch with {@code w [K, C/groups, F]} ({@code F.conv1d}). */
    public Tensor conv1d(Tensor w, dev.synapse.ops.Convolutions.Conv1dOptions options) {
        return dev.synapse.ops.Convolutions.conv1d(this, w, options);
    }

    /** Transposed 2-D convolution with Keras' {@code Conv2DTranspose} kernel {@code [KH, KW, F_out/groups, C_in]}. */
    public Tensor conv2dTranspose(Tensor w, dev.synapse.ops.Convolutions.Conv2dOptions options) {
        return dev.synapse.ops.Convolutions.conv2dTranspose(this, w, options);
    }

    /** {@code pool x pool} max pooling with stride {@code pool} of this {@code [N, H, W, C]} tensor. */
    public Tensor maxPool2d(int pool) {
        return dev.synapse.ops.Pooling.maxPool2d(this, pool);
    }

    /** 2-D max pooling with the given window, strides and padding. */
    public Tensor maxPool2d(dev.synapse.ops.Pooling.Pool2dOptions options) {
        return dev.synapse.ops.Pooling.maxPool2d(this, options);
    }

    /** {@code pool x pool} average pooling with stride {@code pool} of this {@code [N, H, W, C]} tensor. */
    public Tensor avgPool2d(int pool) {
        return dev.synapse.ops.Pooling.avgPool2d(this, pool);
    }

    /** 2-D average pooling with the given window, strides and padding. */
    public Tensor avgPool2d(dev.synapse.ops.Pooling.Pool2dOptions options) {
        return dev.synapse.ops.Pooling.avgPool2d(this, options);
    }

    /** Mean over height and width of this {@code [N, H, W, C]} tensor, giving {@code [N, C]}. */
    public Tensor globalAvgPool2d() {
        return dev.synapse.ops.Pooling.globalAvgPool2d(this);
    }

    /** Maximum over height and width of this {@code [N, H, W, C]} tensor, giving {@code [N, C]}. */
    public Tensor globalMaxPool2d() {
        return dev.synapse.ops.Pooling.globalMaxPool2d(this);
    }

    // ---- printing --------------------------------------------------------------------------------

    /** The values, PyTorch style: {@code tensor([[1., 2.],\n        [3., 4.]])}; see {@link TensorFormatter}. */
    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
