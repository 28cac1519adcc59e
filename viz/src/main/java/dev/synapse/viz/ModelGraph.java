package dev.synapse.viz;

import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerNode;
import dev.synapse.nn.Model;
import dev.synapse.nn.Shapes;
import dev.synapse.nn.SymbolicTensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's layer graph as plain boxes and arrows: one box per layer application (inputs first,
 * then in running order), with its input and output shapes. Read from {@link Model#inputs()},
 * {@link Model#graphNodes()} and the symbolic tensors between them.
 */
record ModelGraph(String name, List<Box> boxes, List<int[]> edges) {

    /** One layer application. {@code id} is unique in the graph (the layer name, with {@code #k} for reuse). */
    record Box(String id, String layerName, String className, String inputShape, String outputShape) {
        String title() {
            return layerName + " (" + className + ")";
        }
    }

    static ModelGraph of(Model model) {
        List<SymbolicTensor> inputs;
        try {
            inputs = model.inputs();
        } catch (IllegalStateException notBuilt) {
            return chainWithoutShapes(model);
        }
        List<LayerNode> nodes = new ArrayList<>();
        Map<LayerNode, Integer> index = new IdentityHashMap<>();
        for (SymbolicTensor in : inputs) {
            if (!index.containsKey(in.node())) {
                index.put(in.node(), nodes.size());
                nodes.add(in.node());
            }
        }
        for (LayerNode n : model.graphNodes()) {
            if (!index.containsKey(n)) {
                index.put(n, nodes.size());
                nodes.add(n);
            }
        }
        Map<Layer, Integer> uses = new IdentityHashMap<>();
        Map<String, Integer> idCount = new LinkedHashMap<>();
        List<Box> boxes = new ArrayList<>();
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            LayerNode n = nodes.get(i);
            Layer l = n.layer();
            int use = uses.merge(l, 1, Integer::sum);
            String id = use == 1 ? l.name() : l.name() + "#" + use;
            if (idCount.merge(id, 1, Integer::sum) > 1) {
                id = id + "@" + i;
            }
            String out = shapes(n.outputs());
            // An input box shows its own shape on both sides, as Keras does.
            String in = n.inputs().isEmpty() ? out : shapes(n.inputs());
            boxes.add(new Box(id, l.name(), l.className(), in, out));
            for (SymbolicTensor t : n.inputs()) {
                Integer from = index.get(t.node());
                if (from != null) {
                    edges.add(new int[] {from, i});
                }
            }
        }
        return new ModelGraph(model.name(), boxes, edges);
    }

    /** A model not built yet: its layers in order, shapes unknown. */
    private static ModelGraph chainWithoutShapes(Model model) {
        List<Box> boxes = new ArrayList<>();
        List<int[]> edges = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (!boxes.isEmpty()) {
                edges.add(new int[] {boxes.size() - 1, boxes.size()});
            }
            boxes.add(new Box(l.name(), l.name(), l.className(), "?", "?"));
        }
        return new ModelGraph(model.name(), boxes, edges);
    }

    private static String shapes(List<SymbolicTensor> ts) {
        List<int[]> s = new ArrayList<>();
        for (SymbolicTensor t : ts) {
            s.add(t.shape());
        }
        return s.isEmpty() ? "?" : Shapes.format(s);
    }
}
