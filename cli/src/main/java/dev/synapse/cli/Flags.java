package dev.synapse.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of Synapse's programs (the examples, the quickstart, the benchmarks), in the spirit of
 * Python's {@code argparse}: {@code --name value}, {@code --name=value} and switches such as
 * {@code --quiet}. A program reads each flag once, giving its default and its meaning, then calls
 * {@link #done()}:
 *
 * <pre>{@code
 * Flags f = Flags.parse("./synapse example autodiff", "Linear regression by gradient descent.", args);
 * int steps = f.integer("iterations", 100, 1, "gradient-descent steps");
 * boolean quiet = f.flag("quiet", "no progress bar");
 * f.done();
 * }</pre>
 *
 * <p>{@link #done()} throws {@link HelpRequested} for {@code -h}/{@code --help} (the usage lists every
 * flag read, with its default and meaning) and {@link UsageException} for an unknown flag, a flag without
 * its value, a value of the wrong kind or a stray word. Bad values are only reported there, so
 * {@code --help} works whatever else the command line holds. A value never starts with {@code --}
 * ({@code --out --quiet} is a missing value); write {@code --name=--value} for such a value. A flag
 * given twice takes its last value, as in argparse.
 */
public final class Flags {
    private static final int LEFT_COLUMN = 24;
    private static final String HELP_LINE =
            String.format(Locale.ROOT, "  %-" + LEFT_COLUMN + "s %s%n", "-h, --help", "prints this list and exits");

    private final String command;
    private final String description;
    private final String[] args;
    /** Which arguments a read has claimed, as a flag or as a flag's value. */
    private final boolean[] claimed;

    private final StringBuilder flagLines = new StringBuilder();
    private final Set<String> names = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    private Flags(String command, String description, String[] args) {
        this.command = command;
        this.description = description;
        this.args = args.clone();
        this.claimed = new boolean[args.length];
    }

    /**
     * Starts reading {@code args} for program {@code command} (as the user types it, for example
     * {@code ./synapse example autodiff}); {@code description} heads the usage.
     */
    public static Flags parse(String command, String description, String[] args) {
        return new Flags(command, description, args);
    }

    /** A whole number, {@code 60000} or {@code 60_000}. */
    public int integer(String name, int defaultValue, String help) {
        return integer(name, defaultValue, Integer.MIN_VALUE, help);
    }

    /** A whole number no smaller than {@code min}. */
    public int integer(String name, int defaultValue, int min, String help) {
        String v = value(name, "N", help, defaultValue);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n >= min) {
                return n;
            }
            problem("--" + name + " must be at least " + min + ", got " + n);
        } catch (NumberFormatException e) {
            problem("--" + name + " expects a whole number, got '" + v + "'");
        }
        return defaultValue;
    }

    /** A whole number that may exceed {@code int}, such as a seed. */
    public long longInteger(String name, long defaultValue, String help) {
        String v = value(name, "N", help, defaultValue);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            problem("--" + name + " expects a whole number, got '" + v + "'");
            return defaultValue;
        }
    }

    /** A finite number, {@code 0.01} or {@code 1e-2}. */
    public double real(String name, double defaultValue, String help) {
        String v = value(name, "X", help, defaultValue);
        if (v == null) {
            return defaultValue;
        }
        try {
            double x = Double.parseDouble(v);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem("--" + name + " expects a finite number, got '" + v + "'");
        return defaultValue;
    }

    /** One of {@code allowed}, compared exactly. */
    public String choice(String name, String defaultValue, String help, String... allowed) {
        String v = value(name, String.join("|", allowed), help, defaultValue);
        if (v == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        problem("--" + name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
        return defaultValue;
    }

    /** Any text. */
    public String string(String name, String defaultValue, String help) {
        String v = value(name, "TEXT", help, defaultValue);
        return v == null ? defaultValue : v;
    }

    /** A file or folder; not checked here, since a program may be about to create it. */
    public Path path(String name, Path defaultValue, String help) {
        String v = value(name, "PATH", help, defaultValue);
        if (v == null) {
            return defaultValue;
        }
        if (v.isEmpty()) {
            problem("--" + name + " expects a path, got an empty one");
            return defaultValue;
        }
        return Path.of(v);
    }

    /** A switch without value ({@code --quiet}): true when given. */
    public boolean flag(String name, String help) {
        describe(name, "", help, null);
        boolean seen = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + name)) {
                claimed[i] = true;
                seen = true;
            } else if (args[i].startsWith("--" + name + "=")) {
                claimed[i] = true;
                problem("--" + name + " is a switch and takes no value, got '" + args[i] + "'");
            }
        }
        return seen;
    }

    /**
     * Ends the reading: throws {@link HelpRequested} when {@code -h} or {@code --help} was given, else
     * {@link UsageException} for the first problem found (a bad or missing value, an unknown flag, a stray
     * word). Returns normally when the command line is sound.
     */
    public void done() {
        for (int i = 0; i < args.length; i++) {
            if (!claimed[i] && (args[i].equals("-h") || args[i].equals("--help"))) {
                throw new HelpRequested(usage());
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(command + ": " + problems.getFirst(), usage());
        }
        for (int i = 0; i < args.length; i++) {
            if (!claimed[i]) {
                String a = args[i];
                String what = a.startsWith("-")
                        ? "unknown flag " + (a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
                        : "unexpected argument '" + a + "' (flags are written --name value)";
                throw new UsageException(command + ": " + what, usage());
            }
        }
    }

    /** The usage text: the command, the description and every flag read so far with its default. */
    public String usage() {
        StringBuilder s =
                new StringBuilder("usage: ").append(command).append(" [flags]").append(System.lineSeparator());
        if (description != null && !description.isEmpty()) {
            s.append(description).append(System.lineSeparator());
        }
        s.append(System.lineSeparator())
                .append("flags:")
                .append(System.lineSeparator())
                .append(flagLines)
                .append(HELP_LINE);
        return s.toString();
    }

    /** The last value given to {@code --name}, claiming it; null when the flag is absent or its value is missing. */
    private String value(String name, String metavar, String help, Object defaultValue) {
        describe(name, metavar, help, defaultValue == null ? "none" : defaultValue);
        String found = null;
        String flag = "--" + name;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith(flag + "=")) {
                claimed[i] = true;
                found = a.substring(flag.length() + 1);
            } else if (a.equals(flag)) {
                claimed[i] = true;
                if (i + 1 < args.length && isValue(args[i + 1])) {
                    claimed[++i] = true;
                    found = args[i];
                } else {
                    problem(flag + " needs a value (" + metavar + ")");
                    return null;
                }
            }
        }
        return found;
    }

    private static boolean isValue(String a) {
        return !a.startsWith("--") && !a.equals("-h");
    }

    private void describe(String name, String metavar, String help, Object defaultValue) {
        if (name.equals("help") || name.equals("h") || !names.add(name)) {
            throw new IllegalStateException(command + ": flag --" + name + " is read twice; read each flag once");
        }
        String left = metavar.isEmpty() ? "--" + name : "--" + name + " " + metavar;
        String right = defaultValue == null ? help : help + " (default " + defaultValue + ")";
        if (left.length() > LEFT_COLUMN) {
            // As argparse: a long flag gets its own line, the meaning goes under it in the column.
            flagLines.append("  ").append(left).append(System.lineSeparator());
            left = "";
        }
        flagLines.append(String.format(Locale.ROOT, "  %-" + LEFT_COLUMN + "s %s%n", left, right));
    }

    private void problem(String message) {
        problems.add(message);
    }
}
