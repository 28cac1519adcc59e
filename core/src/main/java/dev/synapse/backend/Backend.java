package dev.synapse.backend;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/**
 * The kernels one device provides. This is the whole contract a new backend (CUDA, say) must
 * fulfil: everything else — activations, softmax, losses, every backward rule — is composed from
 * these primitives by the ops in {@code dev.synapse.ops} and runs unchanged on every backend.
 *
 * <p>Conventions: every method writes into an {@code out} tensor that the caller allocated with
 * {@link #allocate} on this backend, with the documented shape and dtype. Inputs may be arbitrary
 * strided views (including zero strides from broadcasting and negative strides from flips); a
 * kernel that needs contiguous data makes its own copy. Arguments have already been checked by the
 * op that calls the kernel.
 */
public interface Backend {

    /** The device whose memory this backend manages. */
    Device device();

    // ---- storage -------------------------------------------------------------------------------

    /**
     * A zero-filled buffer of {@code size} elements, at most {@link #maxElements()}.
     *
     * @throws IllegalArgumentException when {@code size} exceeds {@link #maxElements()}
     */
    Storage allocate(DType dtype, long size);

    /**
     * A buffer of {@code size} elements whose contents are unspecified ({@code torch.empty}): for a kernel's output
     * every element of which the kernel writes, so that no zeros are written first. Backends that reuse memory (the
     * CPU's pool of released arrays) skip zeroing it; the default zero-fills as {@link #allocate} does.
     */
    default Storage allocateUninitialized(DType dtype, long size) {
        return allocate(dtype, size);
    }

    /**
     * The most elements one buffer of this backend holds: {@code JavaArrays.MAX_LENGTH} on the CPU, whose buffers
     * are Java arrays; a device's memory is addressed by {@code long}, up to {@link Shape#MAX_ELEMENTS}.
     */
    default long maxElements() {
        return Shape.MAX_ELEMENTS;
    }

    /**
     * A buffer holding the given primitive array ({@code float[]}, {@code double[]}, {@code int[]},
     * {@code long[]}, {@code boolean[]}, and {@code short[]} as int16, {@code byte[]} as int8). The CPU backend
     * adopts the array without copying.
     */
    Storage fromHost(Object array);

    /**
     * A buffer of {@code dtype} holding the given primitive array, which must be of the Java type that dtype is
     * stored in ({@code JavaArrays.storageType}): a {@code short[]} of bits for float16 and bfloat16, a {@code
     * byte[]} for uint8. The array's own type decides only for the types it names alone ({@link #fromHost(Object)}).
     */
    Storage fromHost(Object array, DType dtype);

    /** A new flat row-major host array of {@code t}'s elements (a copy), of {@code t}'s dtype's array type. */
    Object toHost(Tensor t);

    // ---- copy and fill -------------------------------------------------------------------------

    /**
     * Writes {@code src}, broadcast to {@code dst}'s shape and converted to {@code dst}'s dtype,
     * into {@code dst}, which may be a strided view. Used for {@code contiguous()}, casts, slice
     * assignment and padding.
     */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of {@code dst} (possibly a view) to {@code value}. */
    void fill(Tensor dst, double value);

    /**
     * Fills {@code out} (contiguous, float or bool) with {@code draw}'s values computed on this device from
     * {@link Philox} bits, element {@code i} from counter {@code i}, so the result depends on the key alone.
     */
    void random(RandomDraw draw, Tensor out);

    // ---- elementwise ---------------------------------------------------------------------------

    /**
     * {@code out = f(x)}, elementwise; {@code out} has {@code x}'s shape and may be {@code x}. {@code f} is a
     * plain {@link UnaryOp} or a record carrying its parameters: switch over it exhaustively.
     */
    void unary(UnaryFunction f, Tensor x, Tensor out);

    /**
     * {@code out = op(a, b)} with NumPy broadcasting of {@code a} and {@code b} to {@code out}'s shape;
     * {@code out} may be {@code a} (in-place update). For comparisons {@code out} is bool.
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = cond ? a : b}, broadcasting all three to {@code out}'s shape. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    // ---- reductions ----------------------------------------------------------------------------

    /**
     * Reduces {@code x} over {@code axes} (sorted, distinct, non-negative) into {@code out}, whose
     * shape is {@code x}'s with each reduced axis set to 1 (keep-dims form).
     */
    void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out);

    /**
     * Index of the largest ({@link ArgReduceOp#ARGMAX}) or smallest element along {@code axis}, first one on
     * ties, into the int64 tensor {@code out} of keep-dims shape.
     */
    void argReduce(ArgReduceOp op, Tensor x, int axis, Tensor out);

    // ---- linear algebra ------------------------------------------------------------------------

    /**
     * Batched matrix product {@code out[..., m, n] = sum_k a[..., m, k] * b[..., k, n]} where the batch
     * dimensions of {@code a} and {@code b} broadcast to {@code out}'s. Operands that are transposed
     * views (unit stride on the second-to-last axis) are read in place, without a copy. Every element of
     * {@code out} is written (zeros where {@code k} is 0) and its contents before the call are not read, so it
     * may come from {@link #allocateUninitialized}.
     */
    void matmul(Tensor a, Tensor b, Tensor out);

    // ---- convolution and pooling (channels-last) -------------------------------------------------

    /** {@code out[N, OH, OW, F] = conv2d(x[N, H, W, C], w[KH, KW, C/groups, F])}. */
    void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out);

    /**
     * Gradient of {@link #conv2d} with respect to its input: {@code gradIn[N, H, W, C]}. Also the transposed
     * convolution. {@code gradIn} may hold anything on entry (it comes from {@link #allocateUninitialized}): the
     * kernel writes every element, zero where no window reads the pixel.
     */
    void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn);

    /** Gradient of {@link #conv2d} with respect to its weights: {@code gradW[KH, KW, C/groups, F]}. */
    void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW);

    /**
     * Max pooling (padding counts as minus infinity) of {@code x[N, H, W, C]} into {@code out[N, OH, OW, C]}, every
     * element of which is written ({@code out} may come from {@link #allocateUninitialized}).
     */
    void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out);

    /**
     * Gradient of {@link #maxPool2d}: each window's gradient goes to its first largest input. {@code gradIn} may hold
     * anything on entry (it comes from {@link #allocateUninitialized}): the kernel writes every element, zero where no
     * window sends a gradient.
     */
    void maxPool2dBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn);

    /**
     * Average pooling of {@code x[N, H, W, C]} into {@code out[N, OH, OW, C]}, every element of which the kernel
     * writes ({@code out} comes from {@link #allocateUninitialized}).
     */
    void avgPool2d(Tensor x, Pool2dSpec spec, Tensor out);

    /**
     * Gradient of {@link #avgPool2d}. {@code gradIn} may hold anything on entry (it comes from {@link
     * #allocateUninitialized}): the kernel writes every element, zero where no window covers the pixel.
     */
    void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn);

    // ---- indexing ------------------------------------------------------------------------------

    /**
     * {@code out} = the slices of {@code x} along {@code axis} picked by the 1-D int32/int64 tensor
     * {@code index} ({@code torch.index_select}); out's shape is x's with that axis replaced by the
     * index length. Indices have been range-checked.
     */
    void indexSelect(Tensor x, int axis, Tensor index, Tensor out);

    /** {@code out[..., index[i], ...] += src[..., i, ...]} along {@code axis}: the adjoint of {@link #indexSelect}. */
    void indexAdd(Tensor out, int axis, Tensor index, Tensor src);

    /**
     * {@code out[i][j][k] = x[i][index[i][j][k]][k]} for {@code axis == 1} and likewise for any axis
     * ({@code torch.gather}, {@code numpy.take_along_axis}); index and out have the same shape.
     */
    void gather(Tensor x, int axis, Tensor index, Tensor out);

    /** {@code out[i][index[i][j][k]][k] += src[i][j][k]}: the adjoint of {@link #gather}. */
    void scatterAdd(Tensor out, int axis, Tensor index, Tensor src);

    // ---- optional fused kernels ----------------------------------------------------------------

    /**
     * Applies one optimizer step to {@code w} (with gradient {@code g}) and to the step's slots in place, in
     * one pass, when this backend has a fused kernel for that step and these tensors (same shape,
     * contiguous); returns false otherwise, and the optimizer composes the update from the primitives above.
     * Optional: the default has none.
     */
    default boolean fusedUpdate(FusedUpdate step, Tensor w, Tensor g) {
        return false;
    }

    /**
     * The backward pass of a layer's bias and relu in one pass over memory, when this backend has a kernel for these
     * tensors (same floating dtype, contiguous): {@code gz = relu_grad(g, y)} ({@link BinaryOp#RELU_GRAD}, with
     * {@code y} the relu's output) and {@code biasGrad} = {@code gz} summed over every axis but the last (the
     * channels). Returns false otherwise, and the caller runs the two ops. Optional: the default has none.
     */
    default boolean reluGradAndBiasSum(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        return false;
    }

    /**
     * A layer's bias and relu in one pass over memory, in place: {@code y = relu(y + bias)}, {@code bias} added along
     * the last axis (the channels), NaN kept as {@link UnaryOp#RELU} keeps it, when this backend has a kernel for these
     * tensors (same floating dtype, contiguous). Returns false otherwise (nothing written), and the caller runs the
     * two ops. Optional: the default has none.
     */
    default boolean addBiasRelu(Tensor y, Tensor bias) {
        return false;
    }

    /**
     * Log-softmax along the last axis in one kernel: {@code out = x - max - log(sum(exp(x - max)))} per row, the max
     * taken as 0 where it is infinite or NaN, as {@code Activations.logSoftmax} composes it. Returns false (nothing
     * written) where this backend has no kernel for these tensors, and the caller composes the ops. Optional: the
     * default has none.
     */
    default boolean logSoftmax(Tensor x, Tensor out) {
        return false;
    }

    /**
     * The backward pass of {@link #logSoftmax} in one kernel: {@code gx = g - exp(out) * sum(g)} along the last axis,
     * {@code out} the forward pass's result. Returns false (nothing written) where this backend has no kernel for these
     * tensors. Optional: the default has none.
     */
    default boolean logSoftmaxBackward(Tensor out, Tensor g, Tensor gx) {
        return false;
    }

    // ---- memory --------------------------------------------------------------------------------

    /**
     * The device's memory figures ({@code torch.cuda.memory_allocated}, {@code max_memory_allocated}, {@code
     * memory_reserved}); {@link MemoryStats#UNTRACKED} where the garbage collector owns the memory, as on the CPU.
     */
    default MemoryStats memoryStats() {
        return MemoryStats.UNTRACKED;
    }

    /** Starts the peak of {@link #memoryStats()} again from what is allocated now ({@code reset_peak_memory_stats}). */
    default void resetPeakMemoryStats() {}

    /** Gives memory the backend caches for reuse back to the device ({@code torch.cuda.empty_cache}). */
    default void emptyCache() {}
}
