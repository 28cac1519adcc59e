package dev.synapse.cuda;

import dev.synapse.backend.Backend;
import dev.synapse.backend.BackendProvider;

/**
 * Registers the {@code cuda} device with core through {@link java.util.ServiceLoader}. Loading it touches nothing
 * native: the libraries are looked for when a {@code cuda} tensor is first made, and where they or a GPU are missing
 * that use fails with one {@link CudaUnavailableException} saying what was looked for, where, and how to fix it.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** The device type, as in {@code Device.of("cuda:1")}. */
    public static final String TYPE = "cuda";

    /** Made by {@link java.util.ServiceLoader}. */
    public CudaBackendProvider() {}

    @Override
    public String deviceType() {
        return TYPE;
    }

    @Override
    public Backend create(int index) {
        return new CudaBackend(CudaRuntime.get(), index);
    }
}
