package dev.synapse.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.interop.onnx.Onnx;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The interop module's descriptor: its three packages exported, and the model formats it provides the same as
 * {@code META-INF/services} lists for class-path users.
 */
class ModuleDescriptorTest {
    @Test
    void exportsItsPackagesAndProvidesWhatMetaInfServicesLists() throws Exception {
        Path classes = Path.of(
                Onnx.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.synapse.interop", d.name());
        assertEquals(
                Set.of("dev.synapse.interop.keras", "dev.synapse.interop.onnx", "dev.synapse.interop.torch"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Set<String> provided = d.provides().stream()
                .filter(p -> p.service().equals("dev.synapse.nn.ModelFormat"))
                .flatMap(p -> p.providers().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = Files.readAllLines(
                        classes.resolve("META-INF/services/dev.synapse.nn.ModelFormat"), StandardCharsets.UTF_8)
                .stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(listed, provided);
    }
}
