package dev.synapse.backend;

/**
 * The Philox4x32-10 counter-based generator (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011), the generator behind {@code torch.cuda}'s and JAX's random draws: a 128-bit counter and a
 * 64-bit key give 128 random bits through ten rounds of multiplications and xors, with no state between calls. So
 * every element of a draw can be computed on its own, by any thread of any device, in any order, and the same
 * (key, counter) gives the same bits everywhere.
 *
 * <p>A draw on a device ({@link Backend#random}) gives element {@code i} (row-major) the bits of counter {@code (i
 * low, i high, attempt, 0)} under the draw's key; see {@link RandomDraw} for how bits become values.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private Philox() {}

    /** The four 32-bit words of counter {@code (c0, c1, c2, c3)} under key {@code (k0, k1)}, written to {@code out}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFF_FFFFL) * (c0 & 0xFFFF_FFFFL);
            long p1 = (M1 & 0xFFFF_FFFFL) * (c2 & 0xFFFF_FFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** A uniform double in {@code [0, 1)} from 53 bits of two words. */
    public static double unit(int hi, int lo) {
        return ((((long) hi & 0xFFFF_FFFFL) << 21) ^ ((lo & 0xFFFF_FFFFL) >>> 11)) * 0x1.0p-53;
    }
}
