package dev.synapse.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Programs looked up by name, behind one command ({@code ./synapse example NAME [flags]},
 * {@code ./synapse bench NAME [flags]}). {@code list} (or nothing) lists the names; {@code --help} says how
 * to call them; a program's own {@code --help} prints its flags (exit status 0) and a bad command line
 * prints what was wrong with its flags on standard error (exit status 2).
 */
public final class Programs {
    /** Exit status of a command line the program cannot run with, as Python's {@code argparse}. */
    public static final int USAGE_ERROR = 2;

    private final String command;
    private final String plural;
    private final Map<String, Consumer<String[]>> programs = new TreeMap<>();

    /**
     * @param command how the user calls them, without the name: {@code ./synapse example}
     * @param plural what they are, for the list: {@code examples}
     */
    public Programs(String command, String plural) {
        this.command = command;
        this.plural = plural;
    }

    /** Registers {@code main} under {@code name}. */
    public Programs add(String name, Consumer<String[]> main) {
        if (programs.putIfAbsent(name, main) != null) {
            throw new IllegalStateException(command + ": two programs named " + name);
        }
        return this;
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(programs.keySet());
    }

    /**
     * Runs the program {@code args[0]} with the remaining arguments and returns the exit status: 0 when
     * it ran or printed its help, {@link #USAGE_ERROR} for an unknown name or a bad command line.
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        String name = args.length == 0 ? "list" : args[0];
        if (name.equals("-h") || name.equals("--help") || name.equals("help")) {
            out.print(usage());
            return 0;
        }
        if (name.equals("list")) {
            out.println(list());
            return 0;
        }
        Consumer<String[]> program = programs.get(name);
        if (program == null) {
            err.println(command + ": unknown name '" + name + "'; " + list());
            return USAGE_ERROR;
        }
        try {
            program.accept(Arrays.copyOfRange(args, 1, args.length));
            return 0;
        } catch (HelpRequested h) {
            out.print(h.usage());
            return 0;
        } catch (UsageException e) {
            err.println(e.getMessage());
            return USAGE_ERROR;
        }
    }

    /** {@link #run} on the standard streams for a {@code main}: exits with the status unless it is 0. */
    public void runAndExit(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.out.flush();
            System.exit(status);
        }
    }

    private String list() {
        return plural + ": " + String.join(", ", programs.keySet());
    }

    private String usage() {
        String nl = System.lineSeparator();
        return "usage: " + command + " NAME [flags]" + nl
                + "       " + command + " list" + nl
                + "       " + command + " NAME --help   lists the flags of NAME, with their defaults" + nl
                + list() + nl;
    }
}
