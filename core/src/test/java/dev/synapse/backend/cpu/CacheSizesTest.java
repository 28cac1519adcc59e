package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CacheSizes} on Linux-style cache listings written to a temporary folder. */
class CacheSizesTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheSizesLinuxWrites() {
        assertEquals(2L << 20, CacheSizes.parseSize("2048K\n"));
        assertEquals(1L << 20, CacheSizes.parseSize("1M"));
        assertEquals(49152, CacheSizes.parseSize("49152"));
        assertEquals(-1, CacheSizes.parseSize(""));
        assertEquals(-1, CacheSizes.parseSize("big"));
        assertEquals(-1, CacheSizes.parseSize("0K"));
    }

    @Test
    void findsTheLevelTwoCacheAmongTheOthers() throws IOException {
        cache(0, "1", "Data", "48K");
        cache(1, "1", "Instruction", "32K");
        cache(2, "2", "Unified", "2048K");
        cache(3, "3", "Unified", "307200K");
        assertEquals(2L << 20, CacheSizes.readL2(dir));
    }

    @Test
    void skipsAnInstructionCacheAtLevelTwo() throws IOException {
        cache(0, "2", "Instruction", "64K");
        cache(1, "2", "Data", "512K");
        assertEquals(512L << 10, CacheSizes.readL2(dir));
    }

    @Test
    void fallsBackWhereTheListingIsMissingOrGarbled() throws IOException {
        assertEquals(CacheSizes.DEFAULT_L2_BYTES, CacheSizes.readL2(dir.resolve("absent")));
        cache(0, "2", "Unified", "lots");
        assertEquals(CacheSizes.DEFAULT_L2_BYTES, CacheSizes.readL2(dir));
        Files.createDirectories(dir.resolve("index1")); // no files inside
        assertEquals(CacheSizes.DEFAULT_L2_BYTES, CacheSizes.readL2(dir));
    }

    @Test
    void thisMachineReportsAPlausibleSize() {
        long l2 = CacheSizes.l2Bytes();
        assertTrue(l2 >= 64 << 10 && l2 <= 1L << 30, "L2 of " + l2 + " bytes");
    }

    private void cache(int index, String level, String type, String size) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + index));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }
}
