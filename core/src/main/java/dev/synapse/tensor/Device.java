package dev.synapse.tensor;

/**
 * Where a tensor's storage lives, as {@code torch.device}: {@code Device.CPU} or {@code Device.cuda(0)}.
 *
 * @param type  the backend's name, {@code "cpu"} or {@code "cuda"}
 * @param index the device number within that backend (0 for the CPU)
 */
public record Device(String type, int index) {
    /** The host: Java arrays, computed by the pure-Java CPU backend. */
    public static final Device CPU = new Device("cpu", 0);

    /** The NVIDIA GPU with the given number. */
    public static Device cuda(int index) {
        return new Device("cuda", index);
    }

    /** Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:1"}. */
    public static Device of(String spec) {
        int colon = spec.indexOf(':');
        String type = colon < 0 ? spec : spec.substring(0, colon);
        int index = colon < 0 ? 0 : Integer.parseInt(spec.substring(colon + 1));
        return new Device(type, index);
    }

    @Override
    public String toString() {
        return type.equals("cpu") ? "cpu" : type + ":" + index;
    }
}
