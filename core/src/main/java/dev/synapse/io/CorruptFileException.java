package dev.synapse.io;

import java.io.IOException;

/**
 * The one exception Synapse's loaders throw for a file they will not load: truncated or damaged
 * bytes, a header or config that breaks the format's rules, sizes that do not add up, or a config
 * that names a layer type or function nobody registered. The message starts with the file (or
 * source) name and says what is wrong. Keras raises {@code ValueError} for such files and
 * {@code torch.load} an {@code UnpicklingError}; here every case is this one checked type.
 */
public class CorruptFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message) {
        super(message);
    }

    public CorruptFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
