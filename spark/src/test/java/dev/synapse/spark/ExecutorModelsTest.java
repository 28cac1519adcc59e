package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A JVM without the Vector API module is refused up front, saying which option to set. */
class ExecutorModelsTest {
    @Test
    void missingVectorApiNamesTheSparkOptionOfThatJvm() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ExecutorModels.requireVectorApi("executor", false));
        assertTrue(
                e.getMessage().contains("add --add-modules jdk.incubator.vector to spark.executor.extraJavaOptions"),
                e.getMessage());
        assertDoesNotThrow(() -> ExecutorModels.requireVectorApi("executor", true));
        // This test JVM runs with the module, as the build gives it.
        assertTrue(ModuleLayer.boot().findModule(ExecutorModels.VECTOR_MODULE).isPresent());
    }
}
