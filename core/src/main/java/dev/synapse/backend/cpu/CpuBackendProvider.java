package dev.synapse.backend.cpu;

import dev.synapse.backend.Backend;
import dev.synapse.backend.BackendProvider;

/** Registers the CPU backend as {@code "cpu"}, through {@link java.util.ServiceLoader} like any other backend. */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String deviceType() {
        return "cpu";
    }

    @Override
    public Backend create(int index) {
        if (index != 0) {
            throw new IllegalArgumentException("there is one CPU device, cpu (index 0); got index " + index);
        }
        return CpuBackend.INSTANCE;
    }
}
