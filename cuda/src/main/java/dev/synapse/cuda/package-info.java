/**
 * The {@code cuda} device: {@link dev.synapse.cuda.CudaBackend} and what it stands on, the library search ({@link
 * dev.synapse.cuda.CudaLibraries}), the FFM bindings to the CUDA driver and cuBLAS, the caching allocator and the
 * precompiled PTX kernels. {@link dev.synapse.cuda.Cuda} answers {@code torch.cuda.is_available()} and holds the
 * switches ({@code allow_tf32}).
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.cuda;

import org.jspecify.annotations.NullMarked;
