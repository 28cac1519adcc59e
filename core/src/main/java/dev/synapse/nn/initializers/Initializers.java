package dev.synapse.nn.initializers;

import dev.synapse.nn.initializers.VarianceScaling.Distribution;
import dev.synapse.nn.initializers.VarianceScaling.Mode;
import java.util.Locale;
import java.util.Map;

/**
 * The initializers by name, with Keras's defaults ({@code keras.initializers}; PyTorch's
 * {@code torch.nn.init}). Layers default to {@link #glorotUniform()} for kernels and {@link #zeros()}
 * for biases, as Keras. {@link #get(String)} accepts the names Keras accepts, in snake case
 * ({@code "he_normal"}) or as class names ({@code "HeNormal"}).
 */
public final class Initializers {
    private Initializers() {}

    /**
     * Uniform on {@code [-sqrt(6 / (fan_in + fan_out)), +...]}: Keras's default kernel initializer
     * ({@code xavier_uniform_}).
     */
    public static Initializer glorotUniform() {
        return new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.UNIFORM, null, "GlorotUniform");
    }

    /** Truncated normal with stddev {@code sqrt(2 / (fan_in + fan_out))} after correction ({@code xavier_normal_}). */
    public static Initializer glorotNormal() {
        return new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, null, "GlorotNormal");
    }

    /** Truncated normal with stddev {@code sqrt(2 / fan_in)} after correction ({@code kaiming_normal_}). */
    public static Initializer heNormal() {
        return new VarianceScaling(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, null, "HeNormal");
    }

    /** Uniform on {@code [-sqrt(6 / fan_in), +...]} ({@code kaiming_uniform_}). */
    public static Initializer heUniform() {
        return new VarianceScaling(2.0, Mode.FAN_IN, Distribution.UNIFORM, null, "HeUniform");
    }

    /** Truncated normal with stddev {@code sqrt(1 / fan_in)} after correction, for SELU networks. */
    public static Initializer lecunNormal() {
        return new VarianceScaling(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, null, "LecunNormal");
    }

    /** Uniform on {@code [-sqrt(3 / fan_in), +...]}. */
    public static Initializer lecunUniform() {
        return new VarianceScaling(1.0, Mode.FAN_IN, Distribution.UNIFORM, null, "LecunUniform");
    }

    /** A general variance-scaling initializer. */
    public static Initializer varianceScaling(double scale, Mode mode, Distribution distribution) {
        return new VarianceScaling(scale, mode, distribution, null);
    }

    /** Normal draws, Keras defaults mean 0 and stddev 0.05. */
    public static Initializer randomNormal() {
        return randomNormal(0.0, 0.05);
    }

    /** Normal draws with the given mean and standard deviation. */
    public static Initializer randomNormal(double mean, double stddev) {
        return new RandomNormal(mean, stddev, null);
    }

    /** Uniform draws, Keras defaults {@code [-0.05, 0.05)}. */
    public static Initializer randomUniform() {
        return randomUniform(-0.05, 0.05);
    }

    /** Uniform draws in {@code [minval, maxval)}. */
    public static Initializer randomUniform(double minval, double maxval) {
        return new RandomUniform(minval, maxval, null);
    }

    /** Truncated normal draws, Keras defaults mean 0 and stddev 0.05. */
    public static Initializer truncatedNormal() {
        return truncatedNormal(0.0, 0.05);
    }

    /** Truncated normal draws (redrawn beyond two standard deviations). */
    public static Initializer truncatedNormal(double mean, double stddev) {
        return new TruncatedNormal(mean, stddev, null);
    }

    /** Zeros: Keras's default bias initializer. */
    public static Initializer zeros() {
        return new Constant(0.0, "Zeros");
    }

    /** Ones. */
    public static Initializer ones() {
        return new Constant(1.0, "Ones");
    }

    /** Every value {@code value}. */
    public static Initializer constant(double value) {
        return new Constant(value);
    }

    /** An orthogonal matrix (gain 1). */
    public static Initializer orthogonal() {
        return orthogonal(1.0);
    }

    /** An orthogonal matrix times {@code gain}. */
    public static Initializer orthogonal(double gain) {
        return new Orthogonal(gain, null);
    }

    /** The identity matrix (gain 1). */
    public static Initializer identity() {
        return identity(1.0);
    }

    /** The identity matrix times {@code gain}. */
    public static Initializer identity(double gain) {
        return new Identity(gain);
    }

    /**
     * The initializer with a Keras name: {@code glorot_uniform}, {@code glorot_normal},
     * {@code he_normal}, {@code he_uniform}, {@code lecun_normal}, {@code lecun_uniform},
     * {@code random_normal}, {@code random_uniform}, {@code truncated_normal}, {@code zeros},
     * {@code ones}, {@code orthogonal}, {@code identity} (class names such as {@code GlorotUniform} too).
     */
    public static Initializer get(String name) {
        String key = name.replace("_", "").toLowerCase(Locale.ROOT);
        return switch (key) {
            case "glorotuniform", "xavieruniform" -> glorotUniform();
            case "glorotnormal", "xaviernormal" -> glorotNormal();
            case "henormal", "kaimingnormal" -> heNormal();
            case "heuniform", "kaiminguniform" -> heUniform();
            case "lecunnormal" -> lecunNormal();
            case "lecununiform" -> lecunUniform();
            case "randomnormal", "normal" -> randomNormal();
            case "randomuniform", "uniform" -> randomUniform();
            case "truncatednormal" -> truncatedNormal();
            case "zeros", "zero" -> zeros();
            case "ones", "one" -> ones();
            case "constant" -> constant(0.0);
            case "orthogonal" -> orthogonal();
            case "identity", "eye" -> identity();
            case "variancescaling" -> new VarianceScaling(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, null);
            default ->
                throw new IllegalArgumentException(
                        "unknown initializer '" + name + "'; expected one of glorot_uniform, "
                                + "glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, "
                                + "random_normal, random_uniform, "
                                + "truncated_normal, zeros, ones, constant, orthogonal, identity, variance_scaling");
        };
    }

    /** Rebuilds an initializer from {@code {"class_name": ..., "config": {...}}}. */
    public static Initializer fromConfig(Map<String, Object> serialized) {
        String cls = (String) serialized.get("class_name");
        @SuppressWarnings("unchecked")
        Map<String, Object> c =
                serialized.get("config") == null ? Map.of() : (Map<String, Object>) serialized.get("config");
        Long seed = c.get("seed") == null ? null : ((Number) c.get("seed")).longValue();
        double mean = num(c, "mean", 0.0);
        return switch (cls) {
            case "GlorotUniform" -> new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.UNIFORM, seed, cls);
            case "GlorotNormal" -> new VarianceScaling(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, seed, cls);
            case "HeNormal" -> new VarianceScaling(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, cls);
            case "HeUniform" -> new VarianceScaling(2.0, Mode.FAN_IN, Distribution.UNIFORM, seed, cls);
            case "LecunNormal" -> new VarianceScaling(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, cls);
            case "LecunUniform" -> new VarianceScaling(1.0, Mode.FAN_IN, Distribution.UNIFORM, seed, cls);
            case "VarianceScaling" ->
                new VarianceScaling(
                        num(c, "scale", 1.0),
                        Mode.valueOf(((String) c.getOrDefault("mode", "fan_in")).toUpperCase(Locale.ROOT)),
                        Distribution.valueOf(
                                ((String) c.getOrDefault("distribution", "truncated_normal")).toUpperCase(Locale.ROOT)),
                        seed);
            case "RandomNormal" -> new RandomNormal(mean, num(c, "stddev", 0.05), seed);
            case "RandomUniform" -> new RandomUniform(num(c, "minval", -0.05), num(c, "maxval", 0.05), seed);
            case "TruncatedNormal" -> new TruncatedNormal(mean, num(c, "stddev", 0.05), seed);
            case "Zeros" -> zeros();
            case "Ones" -> ones();
            case "Constant" -> constant(num(c, "value", 0.0));
            case "Orthogonal" -> new Orthogonal(num(c, "gain", 1.0), seed);
            case "Identity" -> identity(num(c, "gain", 1.0));
            default -> throw new IllegalArgumentException("unknown initializer class '" + cls + "'");
        };
    }

    private static double num(Map<String, Object> c, String key, double fallback) {
        Object v = c.get(key);
        return v == null ? fallback : ((Number) v).doubleValue();
    }
}
