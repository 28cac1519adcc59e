package dev.synapse.cuda;

import java.lang.foreign.SymbolLookup;
import org.jspecify.annotations.Nullable;

/**
 * The process's CUDA: the libraries found and loaded, the driver initialised and its devices counted, once. A failure
 * is kept, so every later use repeats the same one message without searching again.
 */
final class CudaRuntime {
    private static final Object LOCK = new Object();
    private static @Nullable CudaRuntime instance;
    // The message, not the exception: each failed use throws a fresh one with its own stack.
    private static @Nullable String failure;

    final CudaLibraries libraries;
    final Driver driver;
    final Cublas cublas;
    final int driverVersion;
    final int deviceCount;

    private CudaRuntime(CudaLibraries libraries) {
        this.libraries = libraries;
        libraries.require();
        java.nio.file.Path driverPath = libraries.require(CudaLibraries.Library.DRIVER);
        SymbolLookup driverLib = Native.open("the CUDA driver", driverPath);
        this.driver = new Driver(driverLib);
        int r = driver.init();
        if (r != 0) {
            String name = driver.errorName(r);
            throw new CudaUnavailableException("CUDA is not available: the driver at " + driverPath
                    + " did not start: cuInit gave " + name + " (" + r + "). "
                    + (r == Driver.ERROR_NO_DEVICE
                            ? "No GPU is visible to this process: check nvidia-smi, and CUDA_VISIBLE_DEVICES ("
                                    + System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "not set") + ")."
                            : "Check that nvidia-smi works and that the driver supports CUDA 12 or later.")
                    + "\n" + libraries.report());
        }
        this.driverVersion = driver.driverVersion();
        if (driverVersion < 12000) {
            throw new CudaUnavailableException("CUDA is not available: the driver at " + driverPath + " supports CUDA "
                    + driverVersion / 1000 + "." + driverVersion % 1000 / 10 + "; Synapse needs CUDA 12 or later:"
                    + " update the NVIDIA driver");
        }
        this.deviceCount = driver.deviceCount();
        if (deviceCount == 0) {
            throw new CudaUnavailableException("CUDA is not available: the driver at " + driverPath
                    + " started but sees no GPU; check nvidia-smi and CUDA_VISIBLE_DEVICES");
        }
        // cuBLAS needs cuBLASLt; loading it first by its path lets the loader find it whatever the search path.
        Native.open("cuBLASLt", libraries.require(CudaLibraries.Library.CUBLAS_LT));
        this.cublas = new Cublas(Native.open("cuBLAS", libraries.require(CudaLibraries.Library.CUBLAS)));
    }

    /** The runtime, started on first use; throws {@link CudaUnavailableException} with the reason if it cannot be. */
    static CudaRuntime get() {
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (failure == null) {
                try {
                    CudaRuntime started = new CudaRuntime(CudaLibraries.search());
                    instance = started;
                    return started;
                } catch (CudaUnavailableException e) {
                    failure = String.valueOf(e.getMessage());
                    throw e;
                } catch (CudaException | IllegalStateException e) {
                    failure = "CUDA is not available: " + e.getMessage();
                    throw new CudaUnavailableException(failure, e);
                }
            }
            throw new CudaUnavailableException(failure);
        }
    }

    /** Whether {@link #get()} succeeds; never throws. */
    static boolean available() {
        try {
            get();
            return true;
        } catch (CudaUnavailableException e) {
            return false;
        }
    }
}
