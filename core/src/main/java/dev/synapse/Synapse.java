package dev.synapse;

import dev.synapse.autograd.Profiler;
import dev.synapse.backend.Backends;
import dev.synapse.backend.MemoryStats;
import dev.synapse.backend.cpu.Parallel;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.MemoryScope;

/** Library-wide settings, as Keras's {@code keras.utils.set_random_seed} and {@code torch.manual_seed}. */
public final class Synapse {
    private Synapse() {}

    /**
     * Seeds the generator of every device ({@link Generator#seedAll}, as {@code torch.manual_seed}): initial
     * weights, shuffles, dropout and augmentation drawn after this call repeat exactly from run to run on the
     * same device.
     */
    public static void setSeed(long seed) {
        Generator.seedAll(seed);
    }

    /**
     * Sets the device every factory, initializer and random draw uses when none is given ({@code
     * torch.set_default_device}); {@link Device#use()} sets it for a block of one thread.
     */
    public static void setDefaultDevice(Device device) {
        Device.setDefault(device);
    }

    /** The default device: see {@link Device#getDefault()} ({@code torch.get_default_device}). */
    public static Device defaultDevice() {
        return Device.getDefault();
    }

    /**
     * The memory figures of {@code device} ({@code torch.cuda.memory_allocated}, {@code max_memory_allocated},
     * {@code memory_reserved}); {@link MemoryStats#UNTRACKED} on the CPU, whose arrays the garbage collector owns.
     */
    public static MemoryStats memoryStats(Device device) {
        return Backends.get(device).memoryStats();
    }

    /**
     * Starts {@code device}'s peak memory figure again from what is allocated now ({@code reset_peak_memory_stats}).
     */
    public static void resetPeakMemoryStats(Device device) {
        Backends.get(device).resetPeakMemoryStats();
    }

    /**
     * Sets the dtype policy of layers made from now on, as Keras's {@code
     * keras.mixed_precision.set_global_policy}: {@code "float32"}, {@code "mixed_float16"} or {@code
     * "mixed_bfloat16"} (layers compute in the half type and keep float32 weights; see {@link
     * dev.synapse.nn.Policy}).
     *
     * @throws IllegalArgumentException for another name
     */
    public static void setGlobalPolicy(String policy) {
        dev.synapse.nn.Policy.setGlobal(dev.synapse.nn.Policy.of(policy));
    }

    /** The dtype policy layers made now take ({@code keras.mixed_precision.global_policy()}). */
    public static dev.synapse.nn.Policy globalPolicy() {
        return dev.synapse.nn.Policy.global();
    }

    /**
     * Opens a {@link MemoryScope} for one step of a custom training loop: device memory the step allocates goes back
     * to the device when the scope closes, unless kept ({@code scope.keep(t)}, {@code t.keep()}). The {@code
     * Trainer} and Keras's {@code fit} open one per step themselves. PyTorch frees each tensor when its last
     * reference goes; DJL's {@code NDManager} is the same idea as this scope.
     *
     * <pre>{@code
     * try (var step = Synapse.stepScope()) {
     *     Tensor loss = ...;  loss.backward();  optimizer.step(params);  Optimizer.zeroGrad(params);
     * }
     * }</pre>
     */
    public static MemoryScope stepScope() {
        return MemoryScope.open();
    }

    /**
     * Starts a per-op profile of what runs until it is closed, as {@code torch.profiler.profile()}: see {@link
     * Profiler} ({@code try (var prof = Synapse.profile()) { ...; prof.step(); }}, then {@code prof.table(...)}).
     *
     * @throws IllegalStateException when another profile is recording
     */
    public static Profiler profile() {
        return Profiler.start();
    }

    /**
     * Restarts automatic layer names ({@code dense}, {@code dense_1}, ...) from scratch, as Keras's
     * {@code keras.backend.clear_session()}; existing layers keep their names.
     */
    public static void clearSession() {
        dev.synapse.nn.Names.clearSession();
    }

    /**
     * How many threads the CPU kernels use ({@code torch.get_num_threads}): the cores, or {@code SYNAPSE_NUM_THREADS}
     * when set before the first kernel runs.
     */
    public static int numThreads() {
        return Parallel.threads();
    }

    /**
     * Runs {@code body} over {@code [0, n)} on the CPU kernels' threads, split into at most {@link #numThreads()}
     * contiguous ranges of at least {@code grain} iterations (ATen's {@code at::parallel_for}); the calling thread
     * runs one range itself, and a loop started inside another runs inline. For CPU work beside the tensors, such as
     * t-SNE's gradient or k-nearest neighbours, so that it shares the kernels' threads instead of adding its own.
     * When ranges throw, the exception of the first of them in iteration order is rethrown, as thrown, after every
     * range has ended.
     */
    public static void parallelFor(int n, int grain, RangeBody body) {
        Parallel.forRange(n, grain, body::run);
    }

    /** The body of {@link #parallelFor}: runs the iterations {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Runs iterations {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }
}
