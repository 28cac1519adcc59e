package dev.synapse.cuda;

import dev.synapse.backend.Backends;
import dev.synapse.tensor.Device;

/**
 * What PyTorch's {@code torch.cuda} module answers: whether CUDA can be used here, how many GPUs there are, why not,
 * and the process-wide switches of the CUDA backend.
 */
public final class Cuda {
    private static volatile boolean allowTf32 = Boolean.getBoolean("synapse.cuda.allowTf32");

    private Cuda() {}

    /**
     * Whether the driver, cuBLAS and a GPU were found and started ({@code torch.cuda.is_available()}); never throws.
     * When false, {@link #unavailableReason()} says why.
     */
    public static boolean isAvailable() {
        return CudaRuntime.available();
    }

    /** The number of GPUs the driver sees ({@code torch.cuda.device_count()}); 0 where CUDA is not available. */
    public static int deviceCount() {
        try {
            return CudaRuntime.get().deviceCount;
        } catch (CudaUnavailableException e) {
            return 0;
        }
    }

    /** Why CUDA is not available: the libraries looked for, where, and how to fix it; empty when it is. */
    public static String unavailableReason() {
        try {
            CudaRuntime.get();
            return "";
        } catch (CudaUnavailableException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /**
     * Whether float32 matrix products may use TF32 tensor cores (inputs rounded to 10 mantissa bits, about 1e-3
     * relative error, several times faster on A100 and later): {@code torch.backends.cuda.matmul.allow_tf32}, off by
     * default as in PyTorch. Also set by {@code -Dsynapse.cuda.allowTf32=true}.
     */
    public static void setAllowTf32(boolean allow) {
        allowTf32 = allow;
    }

    /** The current value of {@link #setAllowTf32}. */
    public static boolean allowTf32() {
        return allowTf32;
    }

    /** The backend of {@code cuda:index}, started on first use; throws {@link CudaUnavailableException} if it cannot. */
    public static CudaBackend backend(int index) {
        return (CudaBackend) Backends.get(Device.cuda(index));
    }

    /** Waits for every kernel queued on {@code cuda:index} ({@code torch.cuda.synchronize()}). */
    public static void synchronize(int index) {
        backend(index).synchronize();
    }

    /** Gives the cached free blocks of every started GPU back to the driver ({@code torch.cuda.empty_cache()}). */
    public static void emptyCache() {
        for (int i = 0; i < deviceCount(); i++) {
            backend(i).emptyCache();
        }
    }
}
