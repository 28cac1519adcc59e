package dev.synapse.data;

import dev.synapse.tensor.Generator;
import java.util.function.Supplier;

/**
 * The random source of the sample being loaded. A {@link DataLoader} gives each sample its own
 * {@link Generator}, seeded from the loader's seed, the epoch and the sample's index, and installs it
 * here while the dataset computes that sample; random transforms draw from {@link #current()}. So the
 * augmentation of a sample is the same whichever worker thread computes it, and PyTorch's
 * {@code worker_init_fn} seeding dance is not needed.
 *
 * <p>Outside a loader (a dataset indexed directly) {@link #current()} is the global generator that
 * {@code Synapse.setSeed} reseeds.
 */
public final class SampleRandom {
    private static final ThreadLocal<Generator> CURRENT = new ThreadLocal<>();

    private SampleRandom() {}

    /** The generator for the sample being computed on this thread, else the global one. */
    public static Generator current() {
        Generator g = CURRENT.get();
        return g != null ? g : Generator.global();
    }

    /** Runs {@code body} with {@code gen} as this thread's sample generator. */
    public static <T> T with(Generator gen, Supplier<T> body) {
        Generator previous = CURRENT.get();
        CURRENT.set(gen);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * The seed of sample {@code index} in {@code epoch} of a loader seeded with {@code seed}: SplitMix64
     * finalizers over the three numbers, so neighbouring indices get unrelated streams.
     */
    public static long sampleSeed(long seed, long epoch, long index) {
        long h = mix(seed ^ 0x243F6A8885A308D3L);
        h = mix(h ^ (epoch * 0x9E3779B97F4A7C15L));
        return mix(h ^ (index * 0xC2B2AE3D27D4EB4FL));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
