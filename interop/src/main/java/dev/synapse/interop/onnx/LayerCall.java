package dev.synapse.interop.onnx;

import dev.synapse.nn.Layer;
import java.util.List;
import java.util.Map;

/**
 * One application of a layer being exported: the layer, the ONNX values it reads and the static
 * shapes (batch first, -1 where unknown) of its inputs.
 */
record LayerCall(Layer layer, List<ExportedValue> inputs, List<int[]> inputShapes) {

    ExportedValue input() {
        return inputs.get(0);
    }

    int[] inputShape() {
        return inputShapes.get(0);
    }

    String name() {
        return layer.name();
    }

    Map<String, Object> config() {
        return layer.getConfig();
    }

    /** An export error naming the layer and its type. */
    UnsupportedOperationException unsupported(String why) {
        return new UnsupportedOperationException(
                "ONNX export: layer '" + layer.name() + "' (" + layer.className() + ") " + why);
    }
}
