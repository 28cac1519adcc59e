package dev.synapse.autograd;

/**
 * One timed interval a {@link Profiler} recorded on one thread, as an entry of {@code torch.profiler}'s {@code
 * prof.events()}. Times are in nanoseconds; {@code startNanos} counts from the profiler's start.
 *
 * @param name the op (e.g. {@code matmul}), its backward function ({@code matmul backward}), a kernel ({@code
 *     kernel matmul}), the thread pool's dispatch ({@code parallel submit}, {@code parallel join}) or a range a
 *     program named with {@link Profiler#range}
 * @param selfNanos the duration less that of the events nested directly inside it
 * @param depth how many events enclose it on its thread (0 at the top)
 */
public record ProfileEvent(
        String name,
        Kind kind,
        Phase phase,
        String thread,
        long startNanos,
        long durationNanos,
        long selfNanos,
        int depth) {

    /** What an event times. */
    public enum Kind {
        /**
         * A forward op, from the end of the previous event on its thread to the op's end: its checks, output
         * allocation and kernels.
         */
        OP,
        /** An op's backward function during the reverse sweep ({@code grad_fn}, e.g. {@code MmBackward0}). */
        BACKWARD,
        /** One call of a {@link dev.synapse.backend.Backend} kernel. */
        KERNEL,
        /** Handing work to the CPU thread pool and waiting for it. */
        DISPATCH,
        /** A range a program named ({@code torch.profiler.record_function}). */
        RANGE
    }

    /** Whether the event ran in the forward pass or inside the reverse sweep. */
    public enum Phase {
        FORWARD,
        BACKWARD;

        /** {@code fwd} or {@code bwd}, as the table prints it. */
        public String label() {
            return this == FORWARD ? "fwd" : "bwd";
        }
    }
}
