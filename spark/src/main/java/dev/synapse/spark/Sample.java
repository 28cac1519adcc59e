package dev.synapse.spark;

import java.io.Serializable;

/**
 * One training sample as Spark moves it: the features flattened in the model's input layout (channels-last for
 * pictures) and the label's values ({@code [class]} for a sparse categorical loss, the target vector otherwise).
 */
public record Sample(float[] features, float[] label) implements Serializable {
    public Sample {
        java.util.Objects.requireNonNull(features, "features");
        java.util.Objects.requireNonNull(label, "label");
    }
}
