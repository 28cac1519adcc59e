package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.tensor.Generator;
import java.util.Map;

/**
 * Flips each image left-right and/or top-bottom with probability one half, in training only
 * ({@code keras.layers.RandomFlip}; torchvision's {@code RandomHorizontalFlip}). Modes:
 * {@code "horizontal"}, {@code "vertical"}, {@code "horizontal_and_vertical"} (the default).
 */
public class RandomFlip extends ImageAugmentation {
    private final String mode;

    /** Both directions. */
    public RandomFlip() {
        this("horizontal_and_vertical", null);
    }

    /** The given mode; {@code seed} null draws from the global generator. */
    public RandomFlip(String mode, Long seed) {
        super(FillOptions.DEFAULT.withSeed(seed).withInterpolation("nearest"));
        if (!mode.equals("horizontal") && !mode.equals("vertical") && !mode.equals("horizontal_and_vertical")) {
            throw new IllegalArgumentException(
                    "RandomFlip: mode must be horizontal, vertical or horizontal_and_vertical, got \"" + mode + "\"");
        }
        this.mode = mode;
    }

    @Override
    protected double[] drawTransform(int h, int w, Generator g) {
        boolean flipX = mode.startsWith("horizontal") && g.nextDouble() < 0.5;
        boolean flipY = mode.endsWith("vertical") && g.nextDouble() < 0.5;
        return new double[] {flipX ? -1 : 1, 0, flipX ? w - 1 : 0, 0, flipY ? -1 : 1, flipY ? h - 1 : 0};
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("mode", mode);
        m.put("seed", options.seed());
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static RandomFlip fromConfig(Map<String, Object> c) {
        return new RandomFlip(Configs.getString(c, "mode", "horizontal_and_vertical"), Configs.getSeed(c, "seed"));
    }
}
