package dev.synapse;

import dev.synapse.autograd.Profiler;
import dev.synapse.backend.Backends;
import dev.synapse.backend.MemoryStats;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Generator;

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
}
