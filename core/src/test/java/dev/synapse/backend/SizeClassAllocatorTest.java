package dev.synapse.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeClassAllocatorTest {
    private final List<Long> rawAllocations = new ArrayList<>();
    private final List<MemorySegment> rawFrees = new ArrayList<>();
    private final SizeClassAllocator allocator = new SizeClassAllocator(
            bytes -> {
                rawAllocations.add(bytes);
                return Arena.ofAuto().allocate(bytes, 64);
            },
            rawFrees::add);

    @Test
    void requestsRoundUpToAPowerOfTwoOfAtLeast512Bytes() {
        assertEquals(512, SizeClassAllocator.sizeClass(0));
        assertEquals(512, SizeClassAllocator.sizeClass(512));
        assertEquals(1024, SizeClassAllocator.sizeClass(513));
        assertEquals(1L << 31, SizeClassAllocator.sizeClass((1L << 30) + 1));
        assertThrows(IllegalArgumentException.class, () -> SizeClassAllocator.sizeClass(-1));
    }

    @Test
    void aFreedBlockIsReusedZeroedForTheSameClass() {
        MemorySegment a = allocator.allocate(600);
        a.set(ValueLayout.JAVA_INT, 0, 42);
        allocator.free(a);
        MemorySegment b = allocator.allocate(1000);
        assertSame(a, b, "600 and 1000 bytes share the 1 KiB class");
        assertEquals(0, b.get(ValueLayout.JAVA_INT, 0), "a reused block is zero-filled");
        assertEquals(List.of(1024L), rawAllocations, "the device was asked once");
        assertEquals(new MemoryStats(1024, 1024, 1024, 2), allocator.stats());
    }

    @Test
    void deviceBlocksAreClearedByTheGivenHookNotThroughTheHost() {
        // A GPU's blocks are addresses the host must not write: the hook clears them (a memset on the device's stream).
        List<MemorySegment> cleared = new ArrayList<>();
        SizeClassAllocator device =
                new SizeClassAllocator(bytes -> Arena.ofAuto().allocate(bytes, 64), block -> {}, cleared::add);
        MemorySegment a = device.allocate(700);
        a.set(ValueLayout.JAVA_INT, 0, 42);
        device.free(a);
        MemorySegment b = device.allocate(1024);
        assertSame(a, b);
        assertEquals(List.of(a, b), cleared, "every block handed out is cleared once, a reused one too");
        assertEquals(42, b.get(ValueLayout.JAVA_INT, 0), "the host never wrote the block");
    }

    @Test
    void peakResetsToWhatIsAllocatedAndEmptyCacheReturnsFreeBlocks() {
        MemorySegment a = allocator.allocate(4096);
        MemorySegment b = allocator.allocate(100);
        allocator.free(a);
        assertEquals(new MemoryStats(512, 4608, 4608, 2), allocator.stats());
        allocator.resetPeak();
        assertEquals(512, allocator.stats().peakBytes());
        allocator.emptyCache();
        assertEquals(List.of(a), rawFrees);
        assertEquals(new MemoryStats(512, 512, 512, 2), allocator.stats());
        allocator.free(b);
        assertEquals(0, allocator.stats().allocatedBytes());
    }

    @Test
    void aFailedDeviceAllocationEmptiesTheCacheAndRetriesOnce() {
        int[] calls = {0};
        List<MemorySegment> freed = new ArrayList<>();
        SizeClassAllocator tight = new SizeClassAllocator(
                bytes -> {
                    if (++calls[0] == 2) {
                        throw new OutOfMemoryError("device full");
                    }
                    return Arena.ofAuto().allocate(bytes);
                },
                freed::add);
        MemorySegment small = tight.allocate(512);
        tight.free(small);
        tight.allocate(8192);
        assertEquals(List.of(small), freed);
        assertEquals(3, calls[0]);
    }
}
