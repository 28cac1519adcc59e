package dev.synapse.interop.onnx;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One graph node ({@code NodeProto}): an operator applied to named values, with its attributes. An
 * optional input left out is the empty string, as in ONNX.
 */
public record OnnxNode(
        String name,
        String opType,
        String domain,
        List<String> inputs,
        List<String> outputs,
        Map<String, OnnxAttribute> attributes) {

    /** {@code "name (OpType)"}, for messages; the first output stands in for a missing name. */
    public String describe() {
        String n = name.isEmpty() ? (outputs.isEmpty() ? "?" : outputs.get(0)) : name;
        return "'" + n + "' (" + opType + ")";
    }

    /** The {@code i}-th input's name, or "" where it is absent. */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    long intAttr(String key, long otherwise) {
        OnnxAttribute a = attributes.get(key);
        return a == null ? otherwise : a.i();
    }

    float floatAttr(String key, float otherwise) {
        OnnxAttribute a = attributes.get(key);
        return a == null ? otherwise : a.f();
    }

    String stringAttr(String key, String otherwise) {
        OnnxAttribute a = attributes.get(key);
        return a == null ? otherwise : a.s();
    }

    long @Nullable [] intsAttr(String key) {
        OnnxAttribute a = attributes.get(key);
        return a == null ? null : a.ints();
    }

    @Nullable
    OnnxTensor tensorAttr(String key) {
        OnnxAttribute a = attributes.get(key);
        return a == null ? null : a.t();
    }
}
