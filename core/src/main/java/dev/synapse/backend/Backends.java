package dev.synapse.backend;

import dev.synapse.backend.cpu.CpuBackend;
import dev.synapse.tensor.Device;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** The registry of backends: the CPU is built in, other devices come from {@link BackendProvider}s. */
public final class Backends {
    private static final Map<Device, Backend> BACKENDS = new ConcurrentHashMap<>();

    static {
        BACKENDS.put(Device.CPU, CpuBackend.INSTANCE);
    }

    private Backends() {}

    /** The backend for {@code device}, created on first use. */
    public static Backend get(Device device) {
        Backend b = BACKENDS.get(device);
        if (b != null) {
            return b;
        }
        return BACKENDS.computeIfAbsent(device, Backends::load);
    }

    private static Backend load(Device device) {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.deviceType().equals(device.type())) {
                return p.create(device.index());
            }
        }
        throw new IllegalArgumentException("no backend for device '" + device + "': add the module that provides it "
                + "(for 'cuda', synapse-cuda) to the class path");
    }
}
