package dev.synapse.backend.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The per-core L2 cache size, for kernels that size their blocks to it. Read once from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache}; where that is missing or unreadable (another OS, a container that hides
 * it) a common size is assumed, which costs speed, never correctness.
 */
final class CacheSizes {
    /** Assumed where the machine does not say: the L2 of many current x86 and ARM cores. */
    static final long DEFAULT_L2_BYTES = 1 << 20;

    private static final long L2_BYTES = readL2(Path.of("/sys/devices/system/cpu/cpu0/cache"));

    private CacheSizes() {}

    /** Bytes of the L2 cache (data or unified) of one core. */
    static long l2Bytes() {
        return L2_BYTES;
    }

    /** The level-2 data or unified cache listed under {@code dir} ({@code index0}, {@code index1}, ...). */
    static long readL2(Path dir) {
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            try {
                if (!Files.isDirectory(index)
                        || !read(index.resolve("level")).equals("2")
                        || read(index.resolve("type")).equals("Instruction")) {
                    continue;
                }
                long bytes = parseSize(read(index.resolve("size")));
                if (bytes > 0) {
                    return bytes;
                }
            } catch (IOException | RuntimeException e) {
                // unreadable entry: try the next one, then fall back
            }
        }
        return DEFAULT_L2_BYTES;
    }

    /** {@code "2048K"}, {@code "1M"} or a plain byte count; -1 where it is none of those. */
    static long parseSize(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1 << 10;
        } else if (s.endsWith("M")) {
            unit = 1 << 20;
        }
        if (unit > 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long value = Long.parseLong(s);
            return value > 0 ? value * unit : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }
}
