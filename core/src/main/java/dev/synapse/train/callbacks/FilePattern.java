package dev.synapse.train.callbacks;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A checkpoint file name with Python {@code str.format} fields, as Keras's {@code ModelCheckpoint}
 * fills its {@code filepath}: {@code "ckpt/model-{epoch:02d}-{val_loss:.2f}.synapse"}. {@code epoch}
 * (counted from 1) and every logged value may be named; doubled braces stand for braces, as in Python.
 * The pattern is parsed when it is made, so a typo fails at once rather than after an epoch of training.
 *
 * <p>A format spec is {@code [sign][0][width][,][.precision][type]} with type {@code d} (epoch only),
 * {@code f}, {@code e} or {@code g}, or no type for the plain value; fill, alignment and {@code %} are
 * not supported.
 */
final class FilePattern {
    /** The Python spec subset that maps one to one onto a {@link java.util.Formatter} conversion. */
    private static final Pattern SPEC = Pattern.compile("[+ ]?0?\\d*,?(\\.\\d+)?[dfeEgG]?");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_]\\w*");
    private static final String HELP = "; a field is {name} or {name:spec} where name is 'epoch' or a logged value "
            + "(loss, val_loss, accuracy, ...) and spec is [sign][0][width][,][.precision][type] with type d (epoch "
            + "only), f, e or g, e.g. \"model-{epoch:02d}-{val_loss:.4f}.synapse\"; write {{ and }} for braces";

    /** Literal text, or a field with its spec (null for none). */
    private record Part(String text, String field, String spec) {}

    private final String pattern;
    private final List<Part> parts;

    private FilePattern(String pattern, List<Part> parts) {
        this.pattern = pattern;
        this.parts = parts;
    }

    /**
     * Parses {@code pattern} and checks each field's name and spec.
     *
     * @throws IllegalArgumentException naming the pattern and the fault: an unmatched brace, an empty,
     *                                  positional or malformed field name, or a spec the value cannot take
     */
    static FilePattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("ModelCheckpoint: the file pattern must name a file, got "
                    + (pattern == null ? "null" : "'" + pattern + "'"));
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < pattern.length() && pattern.charAt(i + 1) == c) {
                text.append(c);
                i += 2;
            } else if (c == '}') {
                throw fault(pattern, "a '}' at position " + i + " closes no field");
            } else if (c == '{') {
                int end = pattern.indexOf('}', i);
                if (end < 0) {
                    throw fault(pattern, "the '{' at position " + i + " is never closed");
                }
                if (!text.isEmpty()) {
                    parts.add(new Part(text.toString(), null, null));
                    text.setLength(0);
                }
                parts.add(field(pattern, pattern.substring(i + 1, end)));
                i = end + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        if (!text.isEmpty()) {
            parts.add(new Part(text.toString(), null, null));
        }
        return new FilePattern(pattern, List.copyOf(parts));
    }

    private static Part field(String pattern, String body) {
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        String spec = colon < 0 ? null : body.substring(colon + 1);
        if (!NAME.matcher(name).matches()) {
            throw fault(
                    pattern,
                    "the field {" + body + "} has "
                            + (name.isEmpty() ? "no name" : "the name '" + name + "', which is not a value's name"));
        }
        if (spec != null) {
            boolean epoch = name.equals("epoch");
            boolean integerOnly = spec.endsWith("d");
            boolean typeless = !spec.isEmpty() && !Character.isLetter(spec.charAt(spec.length() - 1));
            String reason = !SPEC.matcher(spec).matches()
                    ? "is not supported"
                    : integerOnly && !epoch
                            ? "needs an integer, but '" + name + "' is a logged number"
                            : typeless && !epoch && spec.contains(".")
                                    ? "needs a type after the precision, e.g. '.4f'"
                                    : null;
            if (reason != null) {
                throw fault(pattern, "the field {" + body + "} has the format spec '" + spec + "', which " + reason);
            }
            try {
                render(spec, epoch ? (Number) 1 : (Number) 0.5);
            } catch (IllegalFormatException e) {
                throw fault(
                        pattern,
                        "the field {" + body + "} has the format spec '" + spec + "', which does not apply: "
                                + e.getMessage());
            }
        }
        return new Part(null, name, spec);
    }

    private static IllegalArgumentException fault(String pattern, String what) {
        return new IllegalArgumentException("ModelCheckpoint: bad file pattern '" + pattern + "': " + what + HELP);
    }

    /**
     * The file name for {@code epoch} (0-based; written from 1 as Keras does) and the epoch's logs.
     *
     * @throws IllegalArgumentException naming the pattern and the values available when a field names
     *                                  a value that was not logged
     */
    String format(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p.text() != null) {
                sb.append(p.text());
            } else {
                Number v = p.field().equals("epoch") ? (Number) (epoch + 1) : (Number) value(p.field(), logs);
                sb.append(render(p.spec(), v));
            }
        }
        return sb.toString();
    }

    /**
     * Fails unless every field of the pattern is {@code epoch} or one of {@code logs}; {@code val_}
     * fields are checked only when the logs hold validation results (validation may skip epochs).
     */
    void requireFields(Map<String, Double> logs) {
        boolean validated = logs.keySet().stream().anyMatch(k -> k.startsWith("val_"));
        for (Part p : parts) {
            if (p.field() != null
                    && !p.field().equals("epoch")
                    && (validated || !p.field().startsWith("val_"))) {
                value(p.field(), logs);
            }
        }
    }

    private double value(String name, Map<String, Double> logs) {
        Double v = logs.get(name);
        if (v == null) {
            Set<String> available = new TreeSet<>(logs.keySet());
            available.add("epoch");
            throw new IllegalArgumentException("ModelCheckpoint: the file pattern '" + pattern + "' names {" + name
                    + "}, which is not logged; the placeholders available are " + available);
        }
        return v;
    }

    /** The value under a spec already checked by {@link #parse}; the epoch is the one Integer. */
    private static String render(String spec, Number value) {
        String plain = value instanceof Integer ? value.toString() : Double.toString(value.doubleValue());
        if (spec == null || spec.isEmpty()) {
            return plain;
        }
        char type = spec.charAt(spec.length() - 1);
        if (type == 'd') {
            return String.format(Locale.ROOT, "%" + spec, value.intValue());
        }
        if (Character.isLetter(type)) {
            // As Python, the integer epoch takes the float types too.
            return String.format(Locale.ROOT, "%" + spec, value.doubleValue());
        }
        // No type: Python writes an int as with 'd' and a float as str() does, padded to the width.
        return value instanceof Integer
                ? String.format(Locale.ROOT, "%" + spec + "d", value)
                : String.format(Locale.ROOT, "%" + spec + "s", plain);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
