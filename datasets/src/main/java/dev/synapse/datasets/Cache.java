package dev.synapse.datasets;

import java.nio.file.Path;

/**
 * Where downloaded datasets live: {@code ~/.synapse/datasets/<dataset>/}, or
 * {@code $SYNAPSE_HOME/datasets/<dataset>/} when the {@code SYNAPSE_HOME} environment variable (or the
 * {@code synapse.home} system property) is set, as Keras keeps {@code ~/.keras/datasets} and
 * {@code KERAS_HOME} overrides it.
 */
public final class Cache {
    private Cache() {}

    /** The folder holding every dataset's folder. */
    public static Path root() {
        String home = System.getProperty("synapse.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("SYNAPSE_HOME");
        }
        Path base =
                home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".synapse") : Path.of(home);
        return base.resolve("datasets");
    }

    /** The folder of one dataset, e.g. {@code ~/.synapse/datasets/fashion-mnist}. */
    public static Path dir(String dataset) {
        return root().resolve(dataset);
    }

    /** True when {@code SYNAPSE_OFFLINE} (or the {@code synapse.offline} property) asks never to download. */
    public static boolean offline() {
        String v = System.getProperty("synapse.offline");
        if (v == null) {
            v = System.getenv("SYNAPSE_OFFLINE");
        }
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }
}
