package dev.synapse.backend;

/**
 * Found through {@link java.util.ServiceLoader}: a jar that adds a device (the CUDA module, say)
 * lists its provider in {@code META-INF/services/dev.synapse.backend.BackendProvider}.
 */
public interface BackendProvider {
    /** The device type this provider serves, e.g. {@code "cuda"}. */
    String deviceType();

    /** The backend for the device with this index; may throw with a clear message if it is unavailable. */
    Backend create(int index);
}
