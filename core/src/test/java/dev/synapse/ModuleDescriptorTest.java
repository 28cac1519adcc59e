package dev.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Core's module descriptor: every package is exported except the CPU kernels and the internal access,
 * and the services it provides are the ones {@code META-INF/services} lists for class-path users, so
 * both ways of running find the same backends, layers and Keras face.
 */
class ModuleDescriptorTest {
    private static Path classes() throws URISyntaxException {
        return Path.of(
                Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        ModuleDescriptor named = Tensor.class.getModule().getDescriptor();
        if (named != null) {
            return named;
        }
        // On the class path: read the compiled descriptor beside the classes.
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /** Every package holding a main class (javac's descriptor lists only those it names). */
    private static Set<String> packages() throws IOException, URISyntaxException {
        Path root = classes();
        try (var files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
                    .map(f -> root.relativize(f.getParent())
                            .toString()
                            .replace(root.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void exportsEveryPackageButTheCpuKernelsTheInternalAccessAndTheModelFileCodec() throws Exception {
        ModuleDescriptor d = descriptor();
        assertEquals("dev.synapse.core", d.name());
        Set<String> hidden = packages();
        d.exports().forEach(e -> {
            assertEquals(Set.of(), e.targets(), "qualified export of " + e.source());
            hidden.remove(e.source());
        });
        assertEquals(Set.of("dev.synapse.backend.cpu", "dev.synapse.internal", "dev.synapse.io.internal"), hidden);
    }

    @Test
    void providesWhatMetaInfServicesLists() throws Exception {
        ModuleDescriptor d = descriptor();
        Map<String, Set<String>> provided = new TreeMap<>();
        d.provides().forEach(p -> provided.put(p.service(), new TreeSet<>(p.providers())));
        Map<String, Set<String>> listed = new TreeMap<>();
        for (String service : provided.keySet()) {
            try (InputStream in = Tensor.class.getResourceAsStream("/META-INF/services/" + service)) {
                if (in == null) {
                    listed.put(service, Set.of());
                    continue;
                }
                listed.put(
                        service,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                .lines()
                                .map(String::strip)
                                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                                .collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        assertEquals(
                Set.of(
                        "dev.synapse.backend.BackendProvider",
                        "dev.synapse.nn.LayerTypes",
                        "dev.synapse.nn.ModelServices"),
                provided.keySet());
        assertEquals(listed, provided);
        // Core uses what it provides, and the other frameworks' model formats that synapse-interop provides.
        Set<String> uses = new TreeSet<>(provided.keySet());
        uses.add("dev.synapse.nn.ModelFormat");
        assertEquals(uses, new TreeSet<>(d.uses()));
    }
}
