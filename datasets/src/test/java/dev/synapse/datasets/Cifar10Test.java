package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary archive layout, on an archive written here in the same format. */
class Cifar10Test {
    @TempDir
    Path dir;

    private static void entry(ByteArrayOutputStream tar, String name, byte[] data) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        h[263] = '0';
        h[264] = '0';
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        tar.writeBytes(h);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** A test batch whose record r has label r % 10 and red, green, blue planes filled with 1, 2, 3 at pixel 0. */
    private Path archive() throws IOException {
        byte[] batch = new byte[10_000 * 3073];
        for (int r = 0; r < 10_000; r++) {
            int base = r * 3073;
            batch[base] = (byte) (r % 10);
            batch[base + 1] = 1;
            batch[base + 1 + 1024] = 2;
            batch[base + 1 + 2048] = 3;
            batch[base + 1 + 1023] = (byte) 200;
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes(StandardCharsets.US_ASCII));
        entry(tar, "cifar-10-batches-bin/test_batch.bin", batch);
        tar.writeBytes(new byte[1024]);
        return Files.write(dir.resolve("cifar-10-binary.tar.gz"), DownloaderTest.gzip(tar.toByteArray(), 1));
    }

    @Test
    void recordsBecomeChannelsLastPictures() throws IOException {
        ImageDataset test = Cifar10.read(archive(), Split.TEST);
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {32, 32, 3}, test.imageShape());
        assertEquals(Cifar10.CLASSES, test.classes());
        int[] px = test.get(7).x().toIntArray();
        assertArrayEquals(new int[] {1, 2, 3}, Arrays.copyOf(px, 3));
        assertEquals(200, px[3 * 1023]);
        assertEquals(7, test.label(7));
        assertArrayEquals(new long[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
    }

    @Test
    void truncatedAndCorruptArchivesGetAClearError() throws IOException {
        byte[] good = Files.readAllBytes(archive());
        Path cut = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(good, good.length / 2));
        DatasetException e1 = assertThrows(DatasetException.class, () -> Cifar10.read(cut, Split.TEST));
        assertTrue(e1.getMessage().contains("cut.tar.gz") && e1.getMessage().contains("truncated"), e1.getMessage());
        byte[] flipped = good.clone();
        flipped[good.length - 6] ^= 1;
        Path crc = Files.write(dir.resolve("crc.tar.gz"), flipped);
        DatasetException e2 = assertThrows(DatasetException.class, () -> Cifar10.read(crc, Split.TEST));
        assertTrue(e2.getMessage().contains("crc.tar.gz"), e2.getMessage());
        DatasetException e3 = assertThrows(DatasetException.class, () -> Cifar10.read(archive(), Split.TRAIN));
        assertTrue(e3.getMessage().contains("data_batch_1.bin"), e3.getMessage());
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "cifar-10-batches-bin/test_batch.bin", new byte[3073]);
        byte[] raw = tar.toByteArray();
        raw[10] ^= 1;
        Path badHeader = Files.write(dir.resolve("header.tar.gz"), DownloaderTest.gzip(raw, 1));
        DatasetException e4 = assertThrows(DatasetException.class, () -> Cifar10.read(badHeader, Split.TEST));
        assertTrue(e4.getMessage().contains("checksum"), e4.getMessage());
    }

    @Test
    void aGzipBombIsRefusedOnceItPassesCifarsSize() throws IOException {
        // 1 GiB of zeros in 1 MB: an empty tar followed by more than any CIFAR-10 archive holds.
        Path bomb = Files.write(dir.resolve("bomb.tar.gz"), DownloaderTest.gzipBomb(1024));
        DatasetException e = assertThrows(DatasetException.class, () -> Cifar10.read(bomb, Split.TEST));
        assertTrue(
                e.getMessage().contains(bomb + " decompressed holds more than " + Cifar10.MAX_CONTENT + " bytes"),
                e.getMessage());
    }
}
