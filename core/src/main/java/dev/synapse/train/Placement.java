package dev.synapse.train;

import dev.synapse.backend.Backends;
import dev.synapse.tensor.Device;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Turns Lightning's {@code accelerator} and {@code devices} arguments into the one device a trainer runs on. */
final class Placement {
    private static final String ONE = "1";

    private Placement() {}

    /** The accelerator's device type ({@code "gpu"} is {@code "cuda"}), or {@code "auto"}. */
    static String accelerator(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("gpu")) {
            return "cuda";
        }
        Set<String> known = new TreeSet<>(Backends.types());
        known.add("auto");
        known.add("cpu");
        known.add("cuda");
        known.add("emulated");
        if (!known.contains(n)) {
            known.add("gpu");
            throw new IllegalArgumentException(
                    "Trainer: unknown accelerator '" + name + "'; the known accelerators are " + known);
        }
        return n;
    }

    static String count(int n) {
        if (n != 1) {
            throw new IllegalArgumentException("Trainer: devices=" + n + ", but a trainer runs on one device; give "
                    + "devices(1), or one device such as devices(\"cuda:1\")");
        }
        return ONE;
    }

    /** {@code "1"} for a count of one ({@code "auto"} included), else the device spec, checked. */
    static String devices(String spec) {
        String s = spec.strip();
        if (s.equalsIgnoreCase("auto")) {
            return ONE;
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                return count(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                return count(-1);
            }
        }
        Device.of(s);
        return s;
    }

    static Device resolve(@Nullable String accelerator, @Nullable String devices) {
        if (devices != null && !devices.equals(ONE)) {
            Device d = Device.of(devices);
            if (accelerator != null && !accelerator.equals("auto") && !accelerator.equals(d.type())) {
                throw new IllegalArgumentException("Trainer: accelerator '" + accelerator + "' and devices '" + devices
                        + "' name different kinds of device; give one of them, or make them agree");
            }
            return d;
        }
        if (accelerator == null || accelerator.equals("auto")) {
            return Backends.types().contains("cuda") ? Device.cuda(0) : Device.getDefault();
        }
        return new Device(accelerator, 0);
    }
}
