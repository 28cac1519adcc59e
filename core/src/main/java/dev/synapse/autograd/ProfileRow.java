package dev.synapse.autograd;

/**
 * The events of one name, kind and phase summed over a profile, as a row of {@code torch.profiler}'s {@code
 * prof.key_averages()}. Times are in nanoseconds; {@code totalNanos} includes nested events, {@code selfNanos}
 * does not.
 */
public record ProfileRow(
        String name, ProfileEvent.Kind kind, ProfileEvent.Phase phase, long calls, long selfNanos, long totalNanos) {

    /** The mean inclusive time of one call, in microseconds. */
    public double microsPerCall() {
        return calls == 0 ? 0 : totalNanos / 1e3 / calls;
    }
}
