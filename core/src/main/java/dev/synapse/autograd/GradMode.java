package dev.synapse.autograd;

/**
 * Whether ops record the graph on the current thread. {@link #noGrad()} opens a scope that records
 * nothing, as {@code torch.no_grad()}; inference and evaluation run inside one.
 */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {}

    /** True when ops on this thread record backward nodes. */
    public static boolean isEnabled() {
        return DISABLED_DEPTH.get()[0] == 0;
    }

    /**
     * Opens a scope in which no op records a node; close it (try-with-resources) to restore the
     * previous mode. Scopes nest.
     */
    public static Scope noGrad() {
        int[] depth = DISABLED_DEPTH.get();
        depth[0]++;
        return new Scope(depth);
    }

    /** Runs {@code body} without recording and returns its result. */
    public static <T> T noGrad(java.util.function.Supplier<T> body) {
        try (Scope _ = noGrad()) {
            return body.get();
        }
    }

    /** A no-grad scope; closing it twice has no further effect. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }
}
