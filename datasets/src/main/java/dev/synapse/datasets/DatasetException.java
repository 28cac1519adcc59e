package dev.synapse.datasets;

/**
 * A dataset file could not be obtained or read: not downloadable (offline, every mirror failed),
 * a checksum that does not match, a truncated or corrupt file. The message says what happened and
 * what to do, e.g. which URL to fetch by hand and where to put the file.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with its explanation. */
    public DatasetException(String message) {
        super(message);
    }

    /** An error with its explanation and cause. */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
