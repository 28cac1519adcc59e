package dev.synapse.backend;

import dev.synapse.tensor.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of backends. Every device, the CPU included, comes from a {@link BackendProvider} found through
 * {@link ServiceLoader}: core provides {@code cpu} and {@code emulated}, other modules add theirs ({@code cuda}).
 */
public final class Backends {
    private static final Map<Device, Backend> BACKENDS = new ConcurrentHashMap<>();

    private Backends() {}

    /** The backend for {@code device}, created on first use. */
    public static Backend get(Device device) {
        Backend b = BACKENDS.get(device);
        if (b != null) {
            return b;
        }
        // Not computeIfAbsent: a backend's constructor may itself look up another device (the emulated one uses the
        // CPU).
        Backend created = load(device);
        Backend raced = BACKENDS.putIfAbsent(device, created);
        return raced != null ? raced : created;
    }

    /** The device types the class path provides ({@code cpu}, {@code emulated}, and {@code cuda} where present). */
    public static List<String> types() {
        List<String> types = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            types.add(p.deviceType());
        }
        return List.copyOf(types);
    }

    private static Backend load(Device device) {
        List<String> types = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (p.deviceType().equals(device.type())) {
                return p.create(device.index());
            }
            types.add(p.deviceType());
        }
        throw new IllegalArgumentException("no backend for device '" + device + "' (the class path provides " + types
                + "): add the module that provides it (for 'cuda', synapse-cuda) to the class path");
    }
}
