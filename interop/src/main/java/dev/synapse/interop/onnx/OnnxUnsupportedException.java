package dev.synapse.interop.onnx;

import java.io.IOException;
import java.util.List;

/**
 * An ONNX model that is well formed but uses operators, attribute values or patterns Synapse cannot
 * import; {@link #problems()} lists every one, each naming its node.
 */
public final class OnnxUnsupportedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String[] problems;

    OnnxUnsupportedException(String source, List<String> problems) {
        super(source + ": cannot import " + problems.size() + " node" + (problems.size() == 1 ? "" : "s") + ":\n  "
                + String.join("\n  ", problems));
        this.problems = problems.toArray(String[]::new);
    }

    /** One line per node that could not be imported: its name, operator and the reason. */
    public List<String> problems() {
        return List.of(problems);
    }
}
