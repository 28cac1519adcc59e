package dev.synapse.nn;

import java.util.List;

/**
 * What a load matched: tensors loaded, weights of the model the file lacks, tensors of the file the
 * model lacks, and tensors whose shape differs from the weight's ({@code load_state_dict}'s
 * {@code missing_keys}/{@code unexpected_keys}, Keras's {@code skip_mismatch}).
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched) {
    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** True when every weight was loaded and every tensor used. */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    @Override
    public String toString() {
        return loaded.size() + " loaded" + part("missing", missing) + part("unexpected", unexpected)
                + part("mismatched", mismatched);
    }

    private static String part(String label, List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        List<String> shown = names.subList(0, Math.min(10, names.size()));
        return "; " + label + " " + shown + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
    }
}
