package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code VarianceScaling}, the family behind Glorot, He and LeCun initialization: the scale
 * is divided by the fan ({@code fan_in}, {@code fan_out} or their average; conv kernels include the
 * receptive field) and values are drawn from a truncated normal with standard deviation
 * {@code sqrt(scale) / 0.87962566103423978} (the correction that gives the truncated draws the
 * intended variance), an untruncated normal with {@code sqrt(scale)}, or a uniform on
 * {@code [-sqrt(3 scale), sqrt(3 scale)]}. PyTorch: {@code xavier_*_}, {@code kaiming_*_}.
 */
public final class VarianceScaling implements Initializer {
    /** Which fan divides the scale. */
    public enum Mode {
        FAN_IN,
        FAN_OUT,
        FAN_AVG
    }

    /** Which distribution values come from. */
    public enum Distribution {
        TRUNCATED_NORMAL,
        UNTRUNCATED_NORMAL,
        UNIFORM
    }

    /** Standard deviation of a standard normal truncated to [-2, 2]. */
    static final double TRUNCATION_CORRECTION = 0.87962566103423978;

    private final double scale;
    private final Mode mode;
    private final Distribution distribution;
    private final Long seed;
    private final String className;

    /** A variance-scaling initializer; {@code seed} null draws from the global generator. */
    public VarianceScaling(double scale, Mode mode, Distribution distribution, Long seed) {
        this(scale, mode, distribution, seed, "VarianceScaling");
    }

    VarianceScaling(double scale, Mode mode, Distribution distribution, Long seed, String className) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("VarianceScaling: scale must be positive, got " + scale);
        }
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
        this.seed = seed;
        this.className = className;
    }

    /** The standard deviation (normal) or limit (uniform) used for {@code shape}. */
    public double spread(int[] shape) {
        double[] fans = Fans.of(shape);
        double fan = switch (mode) {
            case FAN_IN -> fans[0];
            case FAN_OUT -> fans[1];
            case FAN_AVG -> (fans[0] + fans[1]) / 2;
        };
        double s = scale / Math.max(1.0, fan);
        return switch (distribution) {
            case TRUNCATED_NORMAL -> Math.sqrt(s) / TRUNCATION_CORRECTION;
            case UNTRUNCATED_NORMAL -> Math.sqrt(s);
            case UNIFORM -> Math.sqrt(3.0 * s);
        };
    }

    @Override
    public Tensor create(int[] shape, DType dtype) {
        double spread = spread(shape);
        return switch (distribution) {
            case TRUNCATED_NORMAL -> Draws.truncatedNormal(shape, dtype, 0, spread, seed);
            case UNTRUNCATED_NORMAL -> Draws.normal(shape, dtype, 0, spread, seed);
            case UNIFORM -> Draws.uniform(shape, dtype, -spread, spread, seed);
        };
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public Map<String, Object> config() {
        if (!className.equals("VarianceScaling")) {
            return Draws.seedConfig(seed);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scale", scale);
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("distribution", distribution.name().toLowerCase(Locale.ROOT));
        m.put("seed", seed);
        return m;
    }

    @Override
    public String toString() {
        return className + "(scale=" + scale + ", mode=" + mode + ", distribution=" + distribution + ")";
    }
}
