package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.Philox;
import dev.synapse.backend.RandomDraw;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * random.cu's Philox and value formulas, ported line by line to Java with C's unsigned arithmetic, give core's
 * {@link Philox} bits and the CPU backend's draws; the constants are read from random.cu itself, so a change there
 * fails here. (The GPU check compares the kernel's own output with the CPU's.)
 */
class PhiloxPortTest {
    private static int constant(String source, String name) {
        Matcher m = Pattern.compile("#define " + name + " 0x([0-9A-Fa-f]{8})u").matcher(source);
        if (!m.find()) {
            throw new AssertionError("random.cu lost " + name);
        }
        return Integer.parseUnsignedInt(m.group(1), 16);
    }

    /** random.cu's philox(), with each unsigned as an int and each unsigned long long as a long. */
    private static int[] portedPhilox(int[] c, int k0, int k1, int m0, int m1, int w0, int w1) {
        for (int round = 0; round < 10; round++) {
            long p0 = Integer.toUnsignedLong(m0) * Integer.toUnsignedLong(c[0]);
            long p1 = Integer.toUnsignedLong(m1) * Integer.toUnsignedLong(c[2]);
            int n0 = (int) (p1 >>> 32) ^ c[1] ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c[3] ^ k1;
            int n3 = (int) p0;
            c = new int[] {n0, n1, n2, n3};
            k0 += w0;
            k1 += w1;
        }
        return c;
    }

    /** random.cu's unit(): ldexp of the 53 bits, exact. */
    private static double portedUnit(int hi, int lo) {
        return Math.scalb((double) ((Integer.toUnsignedLong(hi) << 21) ^ (Integer.toUnsignedLong(lo) >>> 11)), -53);
    }

    @Test
    void theKernelsPhiloxGivesCoresBits() throws IOException {
        String src = Files.readString(PtxSourcesTest.SOURCES.resolve("random.cu"));
        int m0 = constant(src, "PHILOX_M0");
        int m1 = constant(src, "PHILOX_M1");
        int w0 = constant(src, "PHILOX_W0");
        int w1 = constant(src, "PHILOX_W1");
        long[] keys = {0L, 1L, 0xDEAD_BEEF_0BAD_F00DL, -1L};
        long[] counters = {0, 1, 2, 1023, (1L << 31) - 1, 1L << 32, (1L << 40) + 5};
        int[] core = new int[4];
        for (long key : keys) {
            int k0 = (int) key;
            int k1 = (int) (key >>> 32);
            for (long i : counters) {
                for (int attempt = 0; attempt < 3; attempt++) {
                    // block_of(i, attempt, ...): counter (i low, i high, attempt, 0)
                    int[] ported =
                            portedPhilox(new int[] {(int) i, (int) (i >>> 32), attempt, 0}, k0, k1, m0, m1, w0, w1);
                    Philox.block((int) i, (int) (i >>> 32), attempt, 0, k0, k1, core);
                    assertArrayEquals(core, ported, "key " + key + " counter " + i + " attempt " + attempt);
                    assertEquals(Philox.unit(core[0], core[1]), portedUnit(ported[0], ported[1]));
                }
            }
        }
    }

    @Test
    void theKernelsUniformAndBernoulliFormulasGiveTheCpusDraws() throws IOException {
        String src = Files.readString(PtxSourcesTest.SOURCES.resolve("random.cu"));
        int m0 = constant(src, "PHILOX_M0");
        int m1 = constant(src, "PHILOX_M1");
        int w0 = constant(src, "PHILOX_W0");
        int w1 = constant(src, "PHILOX_W1");
        long key = 0x0123_4567_89AB_CDEFL;
        int n = 257;
        Tensor u = Tensor.zeros(n);
        u.backend().random(new RandomDraw.Uniform(-2.0, 3.0, key), u);
        Tensor b = Tensor.zeros(dev.synapse.tensor.DType.BOOL, n);
        b.backend().random(new RandomDraw.Bernoulli(0.3, key), b);
        float[] cpu = (float[]) u.backend().toHost(u);
        boolean[] cpuB = (boolean[]) b.backend().toHost(b);
        for (int i = 0; i < n; i++) {
            int[] w = portedPhilox(new int[] {i, 0, 0, 0}, (int) key, (int) (key >>> 32), m0, m1, w0, w1);
            double unit = portedUnit(w[0], w[1]);
            // v = a + (b - a) * unit(w[0], w[1]), two roundings (--fmad=false), then (float) in store_double
            assertEquals(cpu[i], (float) (-2.0 + (3.0 - -2.0) * unit), "uniform element " + i);
            assertEquals(cpuB[i], unit < 0.3, "bernoulli element " + i);
        }
    }

    @Test
    void theBuildKeepsMultiplyAndAddApart() throws IOException {
        // Without --fmad=false nvcc fuses a + (b - a) * u into one rounding and the draws stop matching the CPU's.
        String script = Files.readString(java.nio.file.Path.of("../tools/build-ptx.sh"));
        // (The math library's log and cos keep their own fused operations; PtxSourcesTest recompiles with these flags.)
        assertEquals(true, script.contains("FLAGS=(-std=c++17 --fmad=false -ptx)"), "build-ptx.sh flags");
    }
}
