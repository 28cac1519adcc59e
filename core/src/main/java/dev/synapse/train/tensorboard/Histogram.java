package dev.synapse.train.tensorboard;

import dev.synapse.io.ProtoWriter;

/**
 * TensorBoard's {@code HistogramProto}: min, max, count, sum, sum of squares, bucket right edges and
 * counts.
 */
public record Histogram(
        double min,
        double max,
        double num,
        double sum,
        double sumSquares,
        double[] bucketLimits,
        double[] bucketCounts) {

    /** Equal-width buckets between the smallest and largest value. */
    public static Histogram of(double[] values, int buckets) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sq = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sq += v * v;
        }
        if (values.length == 0) {
            min = 0;
            max = 0;
        }
        double width = max > min ? (max - min) / buckets : 1.0;
        double[] limits = new double[buckets];
        double[] counts = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            limits[i] = min + width * (i + 1);
        }
        for (double v : values) {
            int b = (int) Math.min(buckets - 1, Math.floor((v - min) / width));
            counts[Math.max(0, b)]++;
        }
        return new Histogram(min, max, values.length, sum, sq, limits, counts);
    }

    ProtoWriter toProto() {
        return new ProtoWriter()
                .fixed64(1, min)
                .fixed64(2, max)
                .fixed64(3, num)
                .fixed64(4, sum)
                .fixed64(5, sumSquares)
                .packedDoubles(6, bucketLimits)
                .packedDoubles(7, bucketCounts);
    }
}
