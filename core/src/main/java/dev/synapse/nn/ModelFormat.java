package dev.synapse.nn;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file format of another framework that {@link Model#load} reads when a module providing it is on the class
 * or module path, found through {@link java.util.ServiceLoader}: module {@code synapse-interop} provides Keras's
 * {@code .keras}/{@code .h5} and ONNX's {@code .onnx}, so {@code Model.load(Path.of("model.keras"))} works as
 * {@code keras.models.load_model} does. Readers treat files as data: a malformed file is a
 * {@code dev.synapse.io.CorruptFileException}.
 */
public interface ModelFormat {
    /** What the format is called in messages ({@code "Keras"}, {@code "ONNX"}). */
    String name();

    /**
     * Whether {@code file} is in this format, from its first bytes or its name, reading as little as it can: a
     * Synapse model file (which users often name {@code .keras}, as Keras's own) must answer false.
     */
    boolean reads(Path file) throws IOException;

    /** Reads the model in {@code file}. */
    Model read(Path file) throws IOException;
}
