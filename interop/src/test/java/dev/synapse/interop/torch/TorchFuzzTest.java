package dev.synapse.interop.torch;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.synapse.io.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged {@code .pt} files: every outcome is a read or a {@link CorruptFileException}, quickly. */
class TorchFuzzTest {
    @TempDir
    Path dir;

    private void readOrCorrupt(byte[] bytes, String what) throws IOException {
        Path p = dir.resolve("fuzz.pt");
        Files.write(p, bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                StateDict.read(p);
            } catch (CorruptFileException expected) {
                // the only failure allowed
            } catch (RuntimeException | IOException e) {
                throw new AssertionError(what + ": " + e, e);
            }
        });
    }

    @Test
    void truncations() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.path("views.pt"));
        for (int n = 0; n < good.length; n += 7) {
            readOrCorrupt(java.util.Arrays.copyOf(good, n), "truncated to " + n);
        }
    }

    @Test
    void bitFlips() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.path("views.pt"));
        Random r = new Random(7);
        for (int i = 0; i < 400; i++) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            readOrCorrupt(b, "bit flips, round " + i);
        }
    }

    @Test
    void damagedZip64Records() throws IOException {
        // The directory, zip64 end record, locator and end record sit in the last bytes: truncate and flip there,
        // and set whole 8-byte fields (zip64 sizes and offsets) to extreme values.
        byte[] good = Files.readAllBytes(Fixtures.path("cnn_zip64.pt"));
        int tail = 1200;
        for (int n = good.length - tail; n < good.length; n += 3) {
            readOrCorrupt(java.util.Arrays.copyOf(good, n), "zip64 file truncated to " + n);
        }
        Random r = new Random(13);
        for (int i = 0; i < 400; i++) {
            byte[] b = good.clone();
            b[good.length - 1 - r.nextInt(tail)] ^= (byte) (1 << r.nextInt(8));
            readOrCorrupt(b, "zip64 bit flip, round " + i);
        }
        long[] extremes = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL, 1L << 40, 0};
        for (int at = good.length - tail; at + 8 <= good.length; at += 4) {
            for (long v : extremes) {
                byte[] b = good.clone();
                java.nio.ByteBuffer.wrap(b)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putLong(at, v);
                readOrCorrupt(b, "zip64 field at " + at + " set to " + v);
            }
        }
    }

    @Test
    void damagedPicklesWithValidCrcs() throws IOException {
        // Flips inside data.pkl that keep the zip consistent, so the unpickler itself sees the damage.
        byte[] pkl;
        try (TorchZip zip = TorchZip.open(Fixtures.path("dtypes.pt"))) {
            pkl = zip.read(zip.entries().get("dtypes/data.pkl"));
        }
        Random r = new Random(11);
        for (int i = 0; i < 400; i++) {
            byte[] b = pkl.clone();
            int at = r.nextInt(b.length);
            b[at] = (byte) r.nextInt(256);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            TorchZip.write(out, java.util.List.of(java.util.Map.entry("dtypes/data.pkl", b)));
            readOrCorrupt(out.toByteArray(), "pickle byte " + at + " set, round " + i);
        }
    }

    @Test
    void randomBytes() throws IOException {
        Random r = new Random(3);
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[r.nextInt(2048)];
            r.nextBytes(b);
            if (b.length > 4 && i % 2 == 0) {
                b[0] = 'P';
                b[1] = 'K';
                b[2] = 3;
                b[3] = 4;
            }
            readOrCorrupt(b, "random bytes, round " + i);
        }
    }
}
