package dev.synapse.examples.seed000;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The few command-line flags of seed 000's programs: {@code --name value} or {@code --name=value}.
 * A flag the program does not read is an error that lists the ones it does.
 */
final class Flags {
    private final String program;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> known = new HashSet<>();
    private final StringBuilder usage = new StringBuilder();

    private Flags(String program) {
        this.program = program;
    }

    /** Parses {@code args}; a flag without a value, or a stray word, ends the program with its usage. */
    static Flags parse(String program, String[] args) {
        Flags f = new Flags(program);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                f.values.put("help", "true");
                continue;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException(program + ": unexpected argument '" + a + "' (flags are --name value)");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                f.values.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                f.values.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(program + ": flag " + a + " needs a value");
            }
        }
        return f;
    }

    private String raw(String name, String help, Object defaultValue) {
        known.add(name);
        usage.append(String.format("  --%-14s %s (default %s)%n", name, help, defaultValue));
        return values.get(name);
    }

    int integer(String name, int defaultValue, String help) {
        String v = raw(name, help, defaultValue);
        try {
            return v == null ? defaultValue : Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " expects a whole number, got '" + v + "'");
        }
    }

    double real(String name, double defaultValue, String help) {
        String v = raw(name, help, defaultValue);
        try {
            return v == null ? defaultValue : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " expects a number, got '" + v + "'");
        }
    }

    String choice(String name, String defaultValue, String help, String... allowed) {
        String v = raw(name, help + " (" + String.join("|", allowed) + ")", defaultValue);
        if (v == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(program + ": --" + name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    Path path(String name, Path defaultValue, String help) {
        String v = raw(name, help, defaultValue);
        return v == null ? defaultValue : Path.of(v);
    }

    /**
     * After every flag was read: prints the usage and returns false for {@code --help}; fails on a flag
     * the program does not know.
     */
    boolean done() {
        if (values.containsKey("help")) {
            System.out.println("./synapse example " + program + " [flags]");
            System.out.print(usage);
            return false;
        }
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(program + ": unknown flag --" + k + "; it reads:\n" + usage);
            }
        }
        return true;
    }
}
