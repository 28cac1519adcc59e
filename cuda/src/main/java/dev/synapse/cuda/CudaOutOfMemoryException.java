package dev.synapse.cuda;

import dev.synapse.backend.MemoryStats;
import dev.synapse.tensor.Device;
import java.util.Locale;

/**
 * The GPU has no room for a buffer even after the caching allocator gave its cached blocks back ({@code
 * torch.OutOfMemoryError}). The message names the request, the device's free and total memory and the allocator's
 * figures, as PyTorch's does, and what to try.
 */
public final class CudaOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CudaOutOfMemoryException(
            Device device, String what, long requested, long rounded, long free, long total, MemoryStats stats) {
        super(String.format(
                Locale.ROOT,
                "CUDA out of memory on %s: tried to allocate %s for %s (%s as the allocator rounds it). The GPU has"
                        + " %s in total, %s free; this process's tensors hold %s (peak %s) and the allocator reserves"
                        + " %s in %d allocations. Use a smaller batch, release tensors sooner (a MemoryScope per step,"
                        + " Synapse.stepScope()), or call Cuda.emptyCache() to return cached blocks to other"
                        + " processes.",
                device,
                human(requested),
                what,
                human(rounded),
                human(total),
                human(free),
                human(stats.allocatedBytes()),
                human(stats.peakBytes()),
                human(stats.reservedBytes()),
                stats.allocations()));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
