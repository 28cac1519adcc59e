package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The datasets module's descriptor: its one package exported, and core and the HTTP client read transitively. */
class ModuleDescriptorTest {
    @Test
    void exportsItsPackageAndReadsCoreTransitively() throws Exception {
        Path classes = Path.of(
                Mnist.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.synapse.datasets", d.name());
        assertEquals(
                Set.of("dev.synapse.datasets"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Set<String> transitive = d.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.synapse.core", "java.net.http"), transitive);
    }
}
