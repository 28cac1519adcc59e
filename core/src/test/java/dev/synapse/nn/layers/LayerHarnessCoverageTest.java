package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.FunctionalModelTest;
import dev.synapse.nn.LayerHarness;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.nn.SequentialTest;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every layer type the library registers has at least one {@link LayerHarness} case, so a new layer cannot skip it. */
class LayerHarnessCoverageTest {
    static List<LayerHarness.Case> allCases() {
        return Stream.of(
                        CoreLayersTest.harnessCases(),
                        MergeLayersTest.harnessCases(),
                        NoiseLayersTest.harnessCases(),
                        ConvLayersTest.harnessCases(),
                        PoolingLayersTest.harnessCases(),
                        NormalizationLayersTest.harnessCases(),
                        AugmentationLayersTest.harnessCases(),
                        RecurrentLayersTest.harnessCases(),
                        SequentialTest.harnessCases(),
                        FunctionalModelTest.harnessCases())
                .flatMap(List::stream)
                .toList();
    }

    @Test
    void everyRegisteredLayerTypeHasAHarnessCase() throws Exception {
        Set<String> covered = new TreeSet<>();
        for (LayerHarness.Case c : allCases()) {
            covered.add(c.type());
        }
        Set<String> builtIn = builtInTypes();
        assertTrue(builtIn.contains("Dense") && builtIn.size() > 40, "built-in types: " + builtIn);
        List<String> missing = new ArrayList<>(builtIn);
        missing.removeAll(covered);
        assertEquals(
                List.of(),
                missing,
                "registered layer types without a LayerHarness case: add one to the harnessCases() of the"
                        + " layer's test");
        Set<String> unknown = new TreeSet<>(covered);
        unknown.removeAll(builtIn);
        assertEquals(Set.of(), unknown, "harness cases for types the registry does not know");
    }

    /**
     * The types {@link LayerRegistry} registers by itself, read from a copy of the class loaded afresh:
     * other tests in this JVM register types of their own in the shared one.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> builtInTypes() throws Exception {
        URL mainClasses =
                LayerRegistry.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {mainClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> registry = Class.forName(LayerRegistry.class.getName(), true, fresh);
            assertTrue(registry != LayerRegistry.class, "the registry was not loaded afresh");
            return (Set<String>) registry.getMethod("registered").invoke(null);
        }
    }
}
