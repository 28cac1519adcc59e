package dev.synapse.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of {@code ./synapse bench race} and {@code duel}: each side's result line, and its pass medians summed
 * up as a median with its spread, quantiles, and the ratio of two sides.
 */
final class RaceStats {
    private RaceStats() {}

    /** The median of the per-pass medians, and their smallest and largest, over {@code passes} passes. */
    record Summary(double median, double min, double max, int passes) {}

    /** Sums up the medians of the passes; the median of an even count is the mean of the middle two. */
    static Summary of(List<Double> passMedians) {
        if (passMedians.isEmpty()) {
            throw new IllegalArgumentException("race: no pass produced a figure");
        }
        double[] v = passMedians.stream().mapToDouble(Double::doubleValue).toArray();
        for (double x : v) {
            if (!(x > 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("race: a pass median is not a positive number: " + passMedians);
            }
        }
        Arrays.sort(v);
        return new Summary(quantile(v, 0.5), v[0], v[v.length - 1], v.length);
    }

    /**
     * The q-quantile of sorted values, interpolating between neighbours: q = 0.5 is the usual median (of an even
     * count, the mean of the middle two), 0.25 and 0.75 the quartiles.
     */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Synapse's time over the peer's, from medians in {@code unit}: {@code ms} (time per step, so
     * ours / theirs) or {@code gflops} (a rate, so theirs / ours). Below 1, Synapse is faster.
     */
    static double timeRatio(String unit, Summary synapse, Summary peer) {
        return switch (unit) {
            case "ms" -> synapse.median() / peer.median();
            case "gflops" -> peer.median() / synapse.median();
            default -> throw new IllegalArgumentException("race: unknown unit '" + unit + "' (ms or gflops)");
        };
    }

    /**
     * The fields of a side's result line, {@code race key=value ...} (in the order given), or empty when
     * {@code line} is not one.
     */
    static Optional<Map<String, String>> parseLine(String line) {
        String[] words = line.strip().split("\\s+");
        if (words.length < 2 || !words[0].equals("race")) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return Optional.of(fields);
    }
}
