package dev.synapse.train.tensorboard;

import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: {@code uint64 length},
 * {@code uint32 masked_crc32c(length)}, {@code data}, {@code uint32 masked_crc32c(data)}, all
 * little-endian.
 */
final class RecordIO {
    private static final int MASK_DELTA = 0xa282ead8;

    private RecordIO() {}

    /** The masked CRC32C TensorFlow stores, so that a CRC of a CRC does not look valid. */
    static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** One framed record. */
    static byte[] frame(byte[] data) {
        byte[] out = new byte[8 + 4 + data.length + 4];
        putLong(out, 0, data.length);
        putInt(out, 8, maskedCrc(out, 0, 8));
        System.arraycopy(data, 0, out, 12, data.length);
        putInt(out, 12 + data.length, maskedCrc(data, 0, data.length));
        return out;
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    static int getInt(byte[] b, int at) {
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
