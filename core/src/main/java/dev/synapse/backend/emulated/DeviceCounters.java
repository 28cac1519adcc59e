package dev.synapse.backend.emulated;

/**
 * What the emulated device has counted since it started or was {@linkplain EmulatedBackend#resetCounters() reset}:
 * the traffic a GPU backend would pay for. A training step that reads the loss back every step, or copies a weight
 * to the host to clip it, shows here.
 *
 * @param hostToDevice   copies from host memory into the device (a batch, a tensor made from a Java array)
 * @param deviceToHost   copies from the device into host memory
 * @param hostSyncs      reads of device values by the host ({@code item()}, {@code toFloatArray()}, printing):
 *     each one would make the host wait for the GPU's queue to drain
 * @param bytesToDevice  bytes copied host to device
 * @param bytesToHost    bytes copied device to host
 * @param kernels        kernels launched
 */
public record DeviceCounters(
        long hostToDevice, long deviceToHost, long hostSyncs, long bytesToDevice, long bytesToHost, long kernels) {

    /** The counts between {@code earlier} and this. */
    public DeviceCounters since(DeviceCounters earlier) {
        return new DeviceCounters(
                hostToDevice - earlier.hostToDevice,
                deviceToHost - earlier.deviceToHost,
                hostSyncs - earlier.hostSyncs,
                bytesToDevice - earlier.bytesToDevice,
                bytesToHost - earlier.bytesToHost,
                kernels - earlier.kernels);
    }
}
