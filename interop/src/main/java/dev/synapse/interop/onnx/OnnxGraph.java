package dev.synapse.interop.onnx;

import java.util.List;
import java.util.Map;

/**
 * An ONNX graph as read ({@code GraphProto}, with the model's default-domain opset): nodes in
 * topological order, initializers by name, and the inputs that are not initializers.
 */
public record OnnxGraph(
        String name,
        List<OnnxNode> nodes,
        Map<String, OnnxTensor> initializers,
        List<OnnxValueInfo> inputs,
        List<OnnxValueInfo> outputs,
        long opset) {}
