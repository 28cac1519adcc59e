package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(dir.resolve(name), b);
    }

    private static void assertClear(Path p, String... words) {
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), e.getMessage());
        }
    }

    @Test
    @NeedsData
    void readsTheRealFilesPlainAndGzip() throws IOException {
        Path gz = RealFiles.fashion("t10k-labels-idx1-ubyte.gz");
        IdxReader.Idx a = IdxReader.read(gz);
        assertArrayEquals(new int[] {10000}, a.dims());
        assertEquals(9, a.data()[0]);
        Path plain = write("t10k-labels-idx1-ubyte", gunzip(gz));
        IdxReader.Idx b = IdxReader.read(plain);
        assertArrayEquals(a.data(), b.data());
        IdxReader.Idx c = IdxReader.read(Files.readAllBytes(gz), "in-memory");
        assertArrayEquals(a.data(), c.data());
    }

    @Test
    @NeedsData
    void truncatedCopiesOfEachFormatGetAClearError() throws IOException {
        Path gz = RealFiles.fashion("t10k-images-idx3-ubyte.gz");
        byte[] raw = Files.readAllBytes(gz);
        byte[] plain = gunzip(gz);
        assertClear(write("cut-plain", Arrays.copyOf(plain, plain.length - 100)), "truncated");
        assertClear(write("cut-header", Arrays.copyOf(plain, 10)), "header");
        assertClear(write("cut.gz", Arrays.copyOf(raw, raw.length / 2)), "IDX");
        assertClear(write("tiny.gz", Arrays.copyOf(raw, 12)), "gzip");
        byte[] extra = Arrays.copyOf(plain, plain.length + 3);
        assertClear(write("extra-plain", extra), "extra bytes");
    }

    @Test
    @NeedsData
    void corruptedCopiesGetAClearError() throws IOException {
        Path gz = RealFiles.fashion("t10k-labels-idx1-ubyte.gz");
        byte[] raw = Files.readAllBytes(gz);
        byte[] plain = gunzip(gz);
        byte[] badMagic = plain.clone();
        badMagic[0] = 7;
        assertClear(write("magic", badMagic), "magic number");
        byte[] badType = plain.clone();
        badType[2] = 0x0D;
        assertClear(write("type", badType), "0x0D");
        byte[] badDims = plain.clone();
        badDims[3] = 9;
        assertClear(write("dims", badDims), "9 dimensions");
        // A header claiming 268 million items must be refused before anything that size is allocated.
        byte[] huge = plain.clone();
        huge[4] = 0x10;
        huge[5] = 0;
        huge[6] = 0;
        huge[7] = 0;
        assertClear(write("huge", huge), "implies");
        byte[] hugeGz = DownloaderTest.gzip(huge, 6);
        assertClear(write("huge.gz", hugeGz), "gzip trailer");
        byte[] flipped = raw.clone();
        flipped[raw.length / 2] ^= 0x55;
        assertClear(write("flipped.gz", flipped), "not a valid IDX file");
        byte[] badCrc = raw.clone();
        badCrc[raw.length - 6] ^= 1;
        assertClear(write("crc.gz", badCrc), "damaged");
    }

    @Test
    void hugeDimensionProductsAreRefused() throws IOException {
        byte[] h = {0, 0, 8, 3, 0x7F, 0, 0, 0, 0x7F, 0, 0, 0, 0x7F, 0, 0, 0};
        assertClear(write("giant", h), "more than 2 GB");
    }
}
