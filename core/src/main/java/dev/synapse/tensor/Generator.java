package dev.synapse.tensor;

/**
 * A seeded pseudo-random source, as {@code torch.Generator}. Every random draw in Synapse (initial
 * weights, shuffles, dropout masks, augmentation) comes from a generator, by default the one of the
 * device the draw lands on ({@link #defaultFor}): {@link #global()} for the CPU, one per other device
 * (PyTorch's {@code torch.cuda.default_generators}); {@code Synapse.setSeed} reseeds them all, so a
 * seeded run repeats exactly on the same device.
 *
 * <p>The algorithm is xoshiro256** seeded through SplitMix64: fixed here, so sequences do not
 * change with the JDK version. CPU draws take their values from it; a draw on another device takes
 * one 64-bit key from it and the device computes the values from {@code Philox} bits under that key
 * ({@code dev.synapse.backend.RandomDraw}), without a copy from the host. Methods are synchronized;
 * bulk fills take the lock once.
 */
public final class Generator {
    private static final long DEFAULT_SEED = 0x5EED_CAFEL;
    private static final Generator GLOBAL = new Generator(DEFAULT_SEED);
    /** The generators of devices other than the CPU, made at their first draw from the last seed. */
    private static final java.util.Map<Device, Generator> DEVICES = new java.util.HashMap<>();

    private static long deviceSeed = DEFAULT_SEED;

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /** A generator started from {@code seed}. */
    public Generator(long seed) {
        setSeed(seed);
    }

    /** The process-wide generator of the CPU, used when no other is given. */
    public static Generator global() {
        return GLOBAL;
    }

    /**
     * The default generator of {@code device} ({@code torch.cuda.default_generators[i]}): {@link #global()} for
     * the CPU, else one per device, seeded by the last {@link #seedAll} (each device with the same seed, as
     * {@code torch.manual_seed} seeds every device).
     */
    public static Generator defaultFor(Device device) {
        if (device.equals(Device.CPU)) {
            return GLOBAL;
        }
        synchronized (DEVICES) {
            return DEVICES.computeIfAbsent(device, d -> new Generator(deviceSeed));
        }
    }

    /**
     * The generators of the devices other than the CPU that have drawn or been asked for so far, by device (a
     * copy): checkpoints keep their states beside {@link #global()}'s.
     */
    public static java.util.Map<Device, Generator> deviceGenerators() {
        synchronized (DEVICES) {
            java.util.Map<Device, Generator> out =
                    new java.util.TreeMap<>(java.util.Comparator.comparing(Device::toString));
            out.putAll(DEVICES);
            return out;
        }
    }

    /**
     * Seeds the CPU's generator and every device's, those made later included ({@code torch.manual_seed});
     * {@code Synapse.setSeed} calls this.
     */
    public static void seedAll(long seed) {
        GLOBAL.setSeed(seed);
        synchronized (DEVICES) {
            deviceSeed = seed;
            for (Generator g : DEVICES.values()) {
                g.setSeed(seed);
            }
        }
    }

    /** Restarts the sequence from {@code seed}. */
    public synchronized void setSeed(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    /** A new generator seeded from this one: for worker threads that need their own stream. */
    public synchronized Generator fork() {
        return new Generator(next());
    }

    /** Captures the state, for checkpoints. */
    public synchronized long[] getState() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Restores a state captured by {@link #getState()}. */
    public synchronized void setState(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("Generator.setState: expected 4 longs, got " + state.length);
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** 64 random bits. */
    public synchronized long nextLong() {
        return next();
    }

    /** A uniform integer in {@code [0, bound)}. */
    public synchronized int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(next() >>> 1, (long) bound);
    }

    /** A uniform double in {@code [0, 1)}. */
    public synchronized double nextDouble() {
        return unit();
    }

    /** A standard normal draw. */
    public synchronized double nextGaussian() {
        return gaussian();
    }

    /** Fills {@code out} with uniform draws in {@code [low, high)}. */
    public synchronized void fillUniform(double[] out, double low, double high) {
        for (int i = 0; i < out.length; i++) {
            out[i] = low + (high - low) * unit();
        }
    }

    /** Fills {@code out} with normal draws. */
    public synchronized void fillNormal(double[] out, double mean, double std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = mean + std * gaussian();
        }
    }

    /**
     * Fills {@code out} with normal draws redrawn while more than two standard deviations from the
     * mean, as Keras's {@code TruncatedNormal} and {@code tf.random.truncated_normal}.
     */
    public synchronized void fillTruncatedNormal(double[] out, double mean, double std) {
        for (int i = 0; i < out.length; i++) {
            double z;
            do {
                z = gaussian();
            } while (Math.abs(z) > 2.0);
            out[i] = mean + std * z;
        }
    }

    /** Fills {@code out} with {@code true} with probability {@code p}. */
    public synchronized void fillBernoulli(boolean[] out, double p) {
        for (int i = 0; i < out.length; i++) {
            out[i] = unit() < p;
        }
    }

    /** A random permutation of {@code 0..n-1} (Fisher-Yates). */
    public synchronized int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Math.floorMod(next() >>> 1, (long) (i + 1));
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private double unit() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    private double gaussian() {
        // Box-Muller without a cached second value, so every draw consumes the same amount of state.
        double u1;
        do {
            u1 = unit();
        } while (u1 == 0.0);
        double u2 = unit();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private long next() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
