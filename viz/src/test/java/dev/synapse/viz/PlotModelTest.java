package dev.synapse.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Concatenate;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.LeakyReLU;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.nn.layers.Reshape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlotModelTest {

    /** Seed 003's small network. */
    private static Sequential simpleNet() {
        return new Sequential(new Dense(3, "relu").withInputShape(3), new Dense(2, "softmax"), new Dense(2));
    }

    /** The design's multi-branch model: a convolutional branch and a dense branch, concatenated. */
    private static Model multiBranch() {
        SymbolicTensor in = Input.of(28, 28);
        SymbolicTensor r = new Reshape(28, 28, 1).apply(in);
        SymbolicTensor a = new MaxPooling2D()
                .apply(new LeakyReLU().apply(new BatchNormalization().apply(new Conv2D(32, 3).apply(r))));
        SymbolicTensor latent =
                new Concatenate().apply(new Flatten().apply(a), new Dense(32).apply(new Flatten().apply(r)));
        return new Model(in, new Dense(26, "softmax").apply(latent));
    }

    private static void assertDotNamesEveryLayerAndShape(Model m, String dot) {
        for (Layer l : m.layers()) {
            assertTrue(dot.contains(l.name()), "DOT names " + l.name() + ":\n" + dot);
        }
        for (var n : m.graphNodes()) {
            String shape = dev.synapse.nn.Shapes.format(n.outputs().get(0).shape());
            assertTrue(
                    dot.contains(shape),
                    "DOT holds the output shape " + shape + " of " + n.layer().name());
        }
    }

    @Test
    void sequentialDiagram() throws IOException {
        Sequential m = simpleNet();
        PlotModel p = PlotModel.of(m);
        String dot = p.toDot();
        assertDotNamesEveryLayerAndShape(m, dot);
        assertTrue(dot.contains("(None, 3)") && dot.contains("(None, 2)"), dot);
        // A chain: one edge fewer than boxes (input layer included).
        long edges = dot.lines().filter(s -> s.contains("->")).count();
        long boxes = dot.lines().filter(s -> s.contains("[label=")).count();
        assertEquals(boxes - 1, edges, dot);
        BufferedImage img = Pixels.saveAndRead(p, "model_sequential.png", 0, 0);
        Pixels.assertNotBlank(img, "sequential diagram");
        assertTrue(img.getHeight() > img.getWidth(), "laid out top to bottom");
        Path dotFile = p.save(Pixels.OUT.resolve("model_sequential.dot"));
        assertEquals(dot, Files.readString(dotFile));
    }

    @Test
    void multiBranchDiagram() throws IOException {
        Model m = multiBranch();
        PlotModel p = PlotModel.of(m);
        String dot = p.toDot();
        assertDotNamesEveryLayerAndShape(m, dot);
        // Concatenate has two incoming edges, the Reshape two outgoing.
        String concat = m.layers().stream()
                .filter(l -> l instanceof Concatenate)
                .findFirst()
                .orElseThrow()
                .name();
        String reshape = m.layers().stream()
                .filter(l -> l instanceof Reshape)
                .findFirst()
                .orElseThrow()
                .name();
        assertEquals(
                2, dot.lines().filter(s -> s.endsWith("-> \"" + concat + "\";")).count(), dot);
        assertEquals(
                2,
                dot.lines()
                        .filter(s -> s.startsWith("  \"" + reshape + "\" ->"))
                        .count(),
                dot);
        BufferedImage img = Pixels.saveAndRead(p, "model_multibranch.png", 0, 0);
        Pixels.assertNotBlank(img, "multi-branch diagram");
        String svg = Files.readString(p.save(Pixels.OUT.resolve("model_multibranch.svg")));
        assertTrue(svg.startsWith("<svg") && svg.contains(concat) && svg.contains("(None, 26)"), svg);
    }

    @Test
    void diagramWithoutShapes() {
        PlotModel p = PlotModel.of(simpleNet()).showShapes(false);
        assertTrue(!p.toDot().contains("Output shape"));
        Pixels.assertNotBlank(p.toImage(), "no shapes");
    }

    @Test
    void unbuiltSequentialStillDraws() {
        Sequential m = new Sequential(new Dense(4), new Dense(2));
        String dot = PlotModel.of(m).toDot();
        assertTrue(dot.contains(m.layers().get(0).name()) && dot.contains("?"), dot);
    }
}
