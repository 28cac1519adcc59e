package dev.synapse.backend.emulated;

import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;

/**
 * A read of a device value by the host where none was allowed ({@link EmulatedBackend.SyncDebugMode#ERROR}); its
 * stack trace shows the line that read.
 */
public final class HostSyncException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    HostSyncException(Device device, Tensor t) {
        super("host synchronisation: a " + t.dtype() + " " + t.shape() + " tensor was read back from " + device
                + " (item(), toFloatArray(), printing, a host-side check); keep the value on the device, or read it"
                + " less often");
    }
}
