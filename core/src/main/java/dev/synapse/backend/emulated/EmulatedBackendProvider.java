package dev.synapse.backend.emulated;

import dev.synapse.backend.Backend;
import dev.synapse.backend.BackendProvider;

/**
 * Registers the {@linkplain EmulatedBackend emulated device} as {@code "emulated"} through {@link
 * java.util.ServiceLoader}.
 */
public final class EmulatedBackendProvider implements BackendProvider {
    /** Made by {@link java.util.ServiceLoader}. */
    public EmulatedBackendProvider() {}

    /** The device type, as in {@code Device.of("emulated:1")}. */
    public static final String TYPE = "emulated";

    @Override
    public String deviceType() {
        return TYPE;
    }

    @Override
    public Backend create(int index) {
        return new EmulatedBackend(index);
    }
}
