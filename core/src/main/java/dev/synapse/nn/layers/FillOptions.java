package dev.synapse.nn.layers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the geometric augmentation layers sample their input: {@code fillMode} for points outside
 * the image ({@code "reflect"} (Keras's default: d c b a | a b c d | d c b a), {@code "constant"}
 * (filled with {@code fillValue}), {@code "nearest"}, {@code "wrap"}), {@code interpolation}
 * ({@code "bilinear"} or {@code "nearest"}), and a {@code seed} for the layer's own generator
 * ({@code null}: draw from the global one, which {@code Synapse.setSeed} reseeds).
 */
public record FillOptions(String fillMode, String interpolation, double fillValue, Long seed) {
    /** Keras's defaults: reflect, bilinear, 0, global generator. */
    public static final FillOptions DEFAULT = new FillOptions("reflect", "bilinear", 0.0, null);

    public FillOptions {
        fillMode = fillMode.toLowerCase(Locale.ROOT);
        interpolation = interpolation.toLowerCase(Locale.ROOT);
        if (!java.util.List.of("reflect", "constant", "nearest", "wrap").contains(fillMode)) {
            throw new IllegalArgumentException(
                    "fill mode must be reflect, constant, nearest or wrap, got \"" + fillMode + "\"");
        }
        if (!interpolation.equals("bilinear") && !interpolation.equals("nearest")) {
            throw new IllegalArgumentException(
                    "interpolation must be bilinear or nearest, got \"" + interpolation + "\"");
        }
    }

    /** These options with another fill mode. */
    public FillOptions withFillMode(String mode) {
        return new FillOptions(mode, interpolation, fillValue, seed);
    }

    /** These options with another interpolation. */
    public FillOptions withInterpolation(String i) {
        return new FillOptions(fillMode, i, fillValue, seed);
    }

    /** These options with another fill value (for constant fill). */
    public FillOptions withFillValue(double v) {
        return new FillOptions(fillMode, interpolation, v, seed);
    }

    /** These options with a seed. */
    public FillOptions withSeed(Long s) {
        return new FillOptions(fillMode, interpolation, fillValue, s);
    }

    Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fill_mode", fillMode);
        m.put("interpolation", interpolation);
        m.put("fill_value", fillValue);
        m.put("seed", seed);
        return m;
    }

    static FillOptions fromConfig(Map<String, Object> c) {
        Object seed = c.get("seed");
        return new FillOptions(
                String.valueOf(c.getOrDefault("fill_mode", "reflect")),
                String.valueOf(c.getOrDefault("interpolation", "bilinear")),
                c.get("fill_value") == null ? 0.0 : ((Number) c.get("fill_value")).doubleValue(),
                seed == null ? null : ((Number) seed).longValue());
    }
}
