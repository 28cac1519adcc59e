package dev.synapse.ops;

import dev.synapse.backend.Backends;
import dev.synapse.backend.Storage;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/**
 * Moves a tensor's values to another device through host arrays. Devices share no memory here, and a host array
 * holds fewer than 2^31 elements while a device tensor may hold more, so a tensor larger than one piece moves in
 * pieces along its leading axes, each through one host array.
 */
final class DeviceTransfer {
    /** Elements one host array carries: 2^26 (256 MiB of float32), well below a Java array's limit. */
    static final long PIECE = 1L << 26;

    private DeviceTransfer() {}

    /** A new contiguous tensor on {@code device} holding {@code x}'s values, moved {@code piece} elements at a time. */
    static Tensor copy(Tensor x, Device device, long piece) {
        int[] dims = x.dims();
        if (x.size() <= piece) {
            Object array = x.backend().toHost(x);
            return MemoryScope.track(TensorAccess.get()
                    .view(Backends.get(device).fromHost(array, x.dtype()), dims, Shape.contiguousStrides(dims), 0));
        }
        Tensor out = Tensor.empty(x.dtype(), device, dims);
        copyInPieces(x.detach(), out, piece);
        return out;
    }

    /** Copies {@code src} into {@code dst} (same shape, another device) in pieces of at most {@code piece}. */
    private static void copyInPieces(Tensor src, Tensor dst, long piece) {
        if (src.size() <= piece) {
            Object array = src.backend().toHost(src);
            int[] dims = src.dims();
            Storage staged = dst.backend().fromHost(array, src.dtype());
            dst.backend().copy(TensorAccess.get().view(staged, dims, Shape.contiguousStrides(dims), 0), dst);
            staged.release();
            return;
        }
        // src holds more than piece > 0 elements, so it has an axis and dims[0] >= 1.
        int n = src.dim(0);
        long row = src.size() / n;
        if (row > piece) {
            for (int i = 0; i < n; i++) {
                copyInPieces(
                        src.slice(0, i, i + 1, 1).squeeze(0),
                        dst.slice(0, i, i + 1, 1).squeeze(0),
                        piece);
            }
            return;
        }
        int rows = (int) (piece / row);
        for (int r = 0; r < n; r += rows) {
            int end = (int) Math.min(n, (long) r + rows);
            copyInPieces(src.slice(0, r, end, 1), dst.slice(0, r, end, 1), piece);
        }
    }
}
