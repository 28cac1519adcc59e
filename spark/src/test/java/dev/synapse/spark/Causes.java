package dev.synapse.spark;

/** Finds the error a Spark job failed with among the causes of the {@code SparkException} the driver throws. */
final class Causes {
    private Causes() {}

    /** Fails unless an {@code IllegalArgumentException} among the causes of {@code e} says {@code message}. */
    static void assertCause(Throwable e, String message) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage().contains(message)) {
                return;
            }
        }
        throw new AssertionError("no IllegalArgumentException saying '" + message + "' in the causes of " + e, e);
    }
}
