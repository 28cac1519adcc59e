package dev.synapse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of core, bottom to top. A class may depend on its own layer and the layers
 * below it, never on one above: a new upward dependency (say {@code nn} calling into {@code train})
 * fails here with the offending class and member.
 */
class LayeringTest {
    /**
     * Bottom to top. The engine (tensors, ops, autograd, backends) is one layer: {@code Tensor}
     * delegates to the ops, ops record autograd nodes and call the backend, and the backend stores
     * tensors, so its cycles are the design, not an accident. {@code internal} holds {@code Tensor}'s
     * hooks for the rest of the engine.
     */
    private static final List<Layer> LAYERS = List.of(
            new Layer(
                    "engine",
                    "dev.synapse.tensor..",
                    "dev.synapse.autograd..",
                    "dev.synapse.ops..",
                    "dev.synapse.backend..",
                    "dev.synapse.internal.."),
            new Layer("losses", "dev.synapse.losses.."),
            new Layer("metrics", "dev.synapse.metrics.."),
            new Layer("optim", "dev.synapse.optim.."),
            new Layer("data", "dev.synapse.data.."),
            new Layer("nn parts", "dev.synapse.nn.initializers..", "dev.synapse.nn.regularizers.."),
            new Layer("nn", "dev.synapse.nn"),
            new Layer("layers", "dev.synapse.nn.layers.."),
            new Layer("io", "dev.synapse.io.."),
            new Layer("train", "dev.synapse.train.."),
            new Layer("facade", "dev.synapse"));

    private record Layer(String name, String... packages) {}

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.synapse");
        // An empty import would pass every rule below.
        assertTrue(core.contain("dev.synapse.nn.Model"), "core's main classes were not found");
    }

    private static Architectures.LayeredArchitecture layered() {
        Architectures.LayeredArchitecture a =
                Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Layer layer : LAYERS) {
            a = a.layer(layer.name()).definedBy(layer.packages());
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .map(Layer::name)
                    .toArray(String[]::new);
            a = above.length == 0
                    ? a.whereLayer(LAYERS.get(i).name()).mayNotBeAccessedByAnyLayer()
                    : a.whereLayer(LAYERS.get(i).name()).mayOnlyBeAccessedByLayers(above);
        }
        return a;
    }

    @Test
    void everyLayerDependsOnlyOnTheLayersBelowIt() {
        layered().check(core);
    }

    @Test
    void theLayeringRuleCatchesAnUpwardDependency() {
        // Model depends on optim (compile takes an Optimizer); seen from optim's side that edge points
        // up, so the same rule with the two layers swapped must fail.
        Architectures.LayeredArchitecture swapped = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("nn")
                .definedBy("dev.synapse.nn")
                .layer("optim")
                .definedBy("dev.synapse.optim..")
                .whereLayer("optim")
                .mayNotBeAccessedByAnyLayer();
        assertFalse(swapped.evaluate(core).getFailureReport().isEmpty());
    }

    /** No cycles between slices: the engine is one slice, every other package its own. */
    @Test
    void slicesAreFreeOfCycles() {
        slices().assignedFrom(new PackageSlices()).should().beFreeOfCycles().check(core);
    }

    @Test
    void theEngineDoesNotReachIntoAConcreteBackend() {
        // Backends are found through ServiceLoader: nothing in the engine names the CPU or emulated one.
        noClasses()
                .that()
                .resideInAnyPackage("dev.synapse.tensor..", "dev.synapse.autograd..", "dev.synapse.ops..")
                .or()
                .resideInAPackage("dev.synapse.backend")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.synapse.backend.cpu..", "dev.synapse.backend.emulated..")
                .check(core);
    }

    /** The engine's packages as one slice, data with its subpackages as another, each other package its own. */
    private static final class PackageSlices implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            for (String engine : List.of("tensor", "autograd", "ops", "backend", "internal")) {
                if (inside(p, "dev.synapse." + engine)) {
                    return SliceIdentifier.of("engine");
                }
            }
            // Dataset.map takes a transforms.Transform, and transforms read data's SampleRandom: one slice.
            if (inside(p, "dev.synapse.data")) {
                return SliceIdentifier.of("data");
            }
            return SliceIdentifier.of(p);
        }

        private static boolean inside(String pkg, String parent) {
            return pkg.equals(parent) || pkg.startsWith(parent + ".");
        }

        @Override
        public String getDescription() {
            return "core's packages, the engine as one";
        }
    }
}
