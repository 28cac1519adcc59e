package dev.synapse.spark;

import dev.synapse.nn.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.broadcast.Broadcast;

/**
 * The models an executor JVM has built from broadcast model files, one per broadcast: built by the first task that
 * needs it and shared by every later task in the JVM, so a model is read once per executor, not once per partition.
 * Only the few most recently used are kept.
 */
final class ExecutorModels {
    private static final int KEPT = 4;

    private static final Map<Long, Model> MODELS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Model> eldest) {
            return size() > KEPT;
        }
    };

    private static final AtomicInteger BUILDS = new AtomicInteger();
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * Fails with what to set when the JVM lacks the Vector API module, which Synapse's CPU kernels need: without the
     * check the first kernel fails with a bare {@code NoClassDefFoundError}.
     */
    static void requireVectorApi(String jvm, boolean present) {
        if (!present) {
            throw new IllegalStateException("Synapse needs the Vector API module in every JVM that runs a model, and"
                    + " this " + jvm + " JVM was started without it: add --add-modules " + VECTOR_MODULE + " to"
                    + " spark." + jvm + ".extraJavaOptions (spark-submit --conf or spark-defaults.conf)");
        }
    }

    private ExecutorModels() {}

    /** How many models this JVM has built. */
    static int builds() {
        return BUILDS.get();
    }

    /**
     * The model held by {@code file}, whose bytes came from a file named {@code fileName} (its extension tells
     * {@link Model#load} the format).
     */
    static Model get(Broadcast<byte[]> file, String fileName) {
        requireVectorApi(
                "executor", ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
        synchronized (MODELS) {
            Model m = MODELS.get(file.id());
            if (m == null) {
                m = build(file.value(), fileName);
                BUILDS.incrementAndGet();
                MODELS.put(file.id(), m);
            }
            return m;
        }
    }

    /** Builds a model from a model file's bytes; {@link Model#load} reads files, so they pass through one. */
    static Model build(byte[] bytes, String fileName) {
        int dot = fileName.lastIndexOf('.');
        String suffix = dot > 0 ? fileName.substring(dot) : ".synapse";
        Path tmp = null;
        try {
            tmp = Files.createTempFile("synapse-model-", suffix);
            Files.write(tmp, bytes);
            return Model.load(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "building the model of " + fileName + " on an executor: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // A leftover temporary copy is harmless.
                }
            }
        }
    }
}
