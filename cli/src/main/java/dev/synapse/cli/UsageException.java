package dev.synapse.cli;

/**
 * A command line a program cannot run with: an unknown flag, a missing or malformed value, a stray word.
 * Its message says what was wrong, then lists the flags; {@link Programs} prints it on standard error
 * and exits with status 2, as Python's {@code argparse} does.
 */
public final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    public UsageException(String problem, String usage) {
        super(problem + System.lineSeparator() + System.lineSeparator() + usage);
        this.problem = problem;
    }

    /** What was wrong, without the usage that follows it in the message. */
    public String problem() {
        return problem;
    }
}
