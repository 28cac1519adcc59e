package dev.synapse.cli;

/**
 * Thrown by {@link Flags#done()} for {@code -h}/{@code --help}: the program stops before doing any work,
 * and {@link Programs} prints {@link #usage()} on standard output and exits with status 0, as Python's
 * {@code argparse} does.
 */
public final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HelpRequested(String usage) {
        super(usage, null, false, false);
    }

    /** The program's usage: every flag with its default and meaning. */
    public String usage() {
        return getMessage();
    }
}
