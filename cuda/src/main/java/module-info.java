/**
 * Synapse's CUDA backend: the {@code cuda} device ({@code Device.of("cuda")}, {@code "cuda:1"}) for NVIDIA GPUs,
 * found by core through {@link dev.synapse.backend.BackendProvider}, so adding this module is all a program does.
 * It calls the CUDA driver, cuBLAS and its own precompiled PTX kernels through {@code java.lang.foreign}: run with
 * {@code --enable-native-access=dev.synapse.cuda} (module path) or {@code --enable-native-access=ALL-UNNAMED} (class
 * path) so the JDK does not warn about the native calls.
 */
module dev.synapse.cuda {
    requires transitive dev.synapse.core;

    exports dev.synapse.cuda;

    provides dev.synapse.backend.BackendProvider with
            dev.synapse.cuda.CudaBackendProvider;
}
