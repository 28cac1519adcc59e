package dev.synapse.tensor;

import org.jspecify.annotations.Nullable;

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

    /**
     * Parses {@code "cpu"}, {@code "cuda"}, {@code "cuda:1"}, {@code "emulated"} or {@code "emulated:1"} (the
     * emulated device computes on the CPU but keeps its tensors apart, to test device code without a GPU).
     */
    public static Device of(String spec) {
        int colon = spec.indexOf(':');
        String type = (colon < 0 ? spec : spec.substring(0, colon)).strip();
        if (type.isEmpty()) {
            throw new IllegalArgumentException("device '" + spec + "': expected a type such as cpu, cuda or emulated");
        }
        int index;
        try {
            index = colon < 0 ? 0 : Integer.parseInt(spec.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device '" + spec + "': the index after ':' must be a number", e);
        }
        if (index < 0) {
            throw new IllegalArgumentException("device '" + spec + "': the index must not be negative");
        }
        return new Device(type, index);
    }

    // The process-wide default, from -Dsynapse.device when set, and each thread's scoped override.
    private static volatile Device globalDefault = of(System.getProperty("synapse.device", "cpu"));
    private static final ThreadLocal<@Nullable Device> SCOPED = new ThreadLocal<>();

    /**
     * The device that factories, initializers and random draws use when none is given ({@code
     * torch.get_default_device}): the innermost {@link #use()} scope of this thread, else the process default
     * ({@link #setDefault}, initially {@code cpu} or the {@code synapse.device} system property).
     */
    public static Device getDefault() {
        Device d = SCOPED.get();
        return d != null ? d : globalDefault;
    }

    /** Sets the process-wide default device ({@code torch.set_default_device}). */
    public static void setDefault(Device device) {
        globalDefault = java.util.Objects.requireNonNull(device, "device");
    }

    /**
     * Makes this the default device of the current thread until the returned scope is closed, as PyTorch's {@code
     * with torch.device("cuda"):}: {@code try (var scope = Device.of("emulated").use()) { ... }}. Scopes nest.
     */
    public Scope use() {
        @Nullable Device previous = SCOPED.get();
        SCOPED.set(this);
        return new Scope(previous);
    }

    /** A scope from {@link #use()}; closing it restores the thread's previous default. */
    public static final class Scope implements AutoCloseable {
        private final @Nullable Device previous;
        private boolean closed;

        private Scope(@Nullable Device previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (previous == null) {
                    SCOPED.remove();
                } else {
                    SCOPED.set(previous);
                }
            }
        }
    }

    @Override
    public String toString() {
        return type.equals("cpu") ? "cpu" : type + ":" + index;
    }
}
