package dev.synapse.io.internal;

import dev.synapse.io.CorruptFileException;
import dev.synapse.losses.Loss;
import dev.synapse.losses.Losses;
import dev.synapse.metrics.Metric;
import dev.synapse.metrics.Metrics;
import dev.synapse.optim.Adadelta;
import dev.synapse.optim.Adagrad;
import dev.synapse.optim.Adam;
import dev.synapse.optim.AdamW;
import dev.synapse.optim.Nadam;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.RMSprop;
import dev.synapse.optim.SGD;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The compile settings of a saved model as JSON ({@code compile.json}): the optimizer's type and
 * options (as Keras's {@code optimizer.get_config()}), the loss's config and the metric names.
 *
 * <p>Only the built-in optimizers are written and read; the type is one of a fixed list, never a
 * class name from the file. A custom optimizer, loss or metric is left out, and a model saved with
 * one loads uncompiled (or with fewer metrics), as Keras does when it cannot restore them.
 */
public final class CompileConfigs {
    private CompileConfigs() {}

    /** What {@code model.compile} fixed, as read back; any part may be null when it was not saved. */
    public record Settings(
            @Nullable Optimizer optimizer, @Nullable Loss loss, List<Metric> metrics) {}

    /** The JSON of the compile settings; parts that cannot be rebuilt from a name are left out. */
    public static Map<String, Object> write(
            @Nullable Optimizer optimizer, @Nullable Loss loss, @Nullable List<Metric> metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (optimizer != null) {
            Map<String, Object> o = optimizer(optimizer);
            if (o != null) {
                m.put("optimizer", o);
            }
        }
        if (loss != null && rebuildable(loss)) {
            m.put("loss", loss.getConfig());
        }
        List<Object> ms = new ArrayList<>();
        for (Metric metric : metrics == null ? List.<Metric>of() : metrics) {
            try {
                if (Metrics.get(metric.name()).getClass() == metric.getClass()) {
                    ms.add(metric.name());
                }
            } catch (IllegalArgumentException unknown) {
                // a custom metric: left out
            }
        }
        m.put("metrics", ms);
        return m;
    }

    private static boolean rebuildable(Loss loss) {
        try {
            return Losses.get(loss.name()).getClass() == loss.getClass();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** Reads what {@link #write} wrote. */
    public static Settings read(Map<String, Object> c, String source) throws CorruptFileException {
        Optimizer optimizer = null;
        Map<String, Object> o = JsonFields.optionalMap(c, "optimizer", source);
        if (o != null) {
            optimizer = optimizer(o, source);
        }
        Loss loss = null;
        if (c.get("loss") != null) {
            try {
                loss = c.get("loss") instanceof String name
                        ? Losses.get(name)
                        : Losses.fromConfig(JsonFields.map(c, "loss", source));
            } catch (IllegalArgumentException e) {
                throw new CorruptFileException(source + ": compile settings: " + e.getMessage());
            }
        }
        List<Metric> metrics = new ArrayList<>();
        if (c.get("metrics") != null) {
            List<Object> names = JsonFields.list(c, "metrics", source);
            if (names.size() > 64) {
                throw new CorruptFileException(source + ": compile settings list " + names.size() + " metrics");
            }
            for (Object n : names) {
                if (!(n instanceof String s)) {
                    throw new CorruptFileException(source + ": compile settings: a metric name is not a string");
                }
                try {
                    metrics.add(Metrics.get(s));
                } catch (IllegalArgumentException e) {
                    throw new CorruptFileException(source + ": compile settings: " + e.getMessage());
                }
            }
        }
        return new Settings(optimizer, loss, metrics);
    }

    /** {@code {"class_name": "adam", "config": {...}, "common": {...}}}, or null for a custom optimizer. */
    public static @Nullable Map<String, Object> optimizer(Optimizer o) {
        Record options = switch (o) {
            case SGD s -> s.options();
            case Adam a -> a.options();
            case RMSprop r -> r.options();
            case Nadam n -> n.options();
            case Adagrad a -> a.options();
            case Adadelta a -> a.options();
            default -> null;
        };
        if (options == null || !known(o)) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", o.name());
        m.put("config", recordToMap(options));
        m.put("common", recordToMap(o.common()));
        return m;
    }

    /** Only the exact built-in classes: a subclass may have settings this file cannot hold. */
    private static boolean known(Optimizer o) {
        Class<?> c = o.getClass();
        return c == SGD.class
                || c == Adam.class
                || c == AdamW.class
                || c == RMSprop.class
                || c == Nadam.class
                || c == Adagrad.class
                || c == Adadelta.class;
    }

    /** A new optimizer from {@link #optimizer(Optimizer)}'s JSON. */
    public static Optimizer optimizer(Map<String, Object> m, String source) throws CorruptFileException {
        String type = JsonFields.string(m, "class_name", source);
        Map<String, Object> config = JsonFields.map(m, "config", source);
        Optimizer.Common common = mapToRecord(Optimizer.Common.class, JsonFields.map(m, "common", source), source);
        try {
            Optimizer o = switch (type) {
                case "sgd" -> new SGD(mapToRecord(SGD.Options.class, config, source));
                case "adam" -> new Adam(mapToRecord(Adam.Options.class, config, source));
                case "adamw" -> new AdamW(mapToRecord(Adam.Options.class, config, source), common.weightDecay());
                case "rmsprop" -> new RMSprop(mapToRecord(RMSprop.Options.class, config, source));
                case "nadam" -> new Nadam(mapToRecord(Nadam.Options.class, config, source));
                case "adagrad" -> new Adagrad(mapToRecord(Adagrad.Options.class, config, source));
                case "adadelta" -> new Adadelta(mapToRecord(Adadelta.Options.class, config, source));
                default ->
                    throw new CorruptFileException(source + ": unknown optimizer type '" + type
                            + "'; expected one of sgd, adam, adamw, rmsprop, nadam, adagrad, adadelta");
            };
            return o.withCommon(common);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(source + ": optimizer settings: " + e.getMessage());
        }
    }

    // Options records hold only doubles and booleans: written and read component by component, by
    // the record type this code picked (the file only supplies values).
    private static Map<String, Object> recordToMap(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
        }
        return m;
    }

    private static <R extends Record> R mapToRecord(Class<R> type, Map<String, Object> m, String source)
            throws CorruptFileException {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            String key = cs[i].getName();
            types[i] = cs[i].getType();
            if (types[i] == double.class) {
                double d = JsonFields.number(m, key, source);
                if (!Double.isFinite(d)) {
                    throw new CorruptFileException(source + ": optimizer setting '" + key + "' is not finite");
                }
                args[i] = d;
            } else if (types[i] == boolean.class && key.equals("torchEpsilon") && !m.containsKey(key)) {
                // Files written before the epsilon placement existed lack it and ran Keras's placement.
                args[i] = false;
            } else if (types[i] == boolean.class) {
                args[i] = JsonFields.bool(m, key, source);
            } else {
                throw new IllegalStateException(type + " has a component of type " + types[i]);
            }
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new CorruptFileException(source + ": optimizer settings: "
                    + Objects.requireNonNullElse(e.getCause(), e).getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
