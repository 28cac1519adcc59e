package dev.synapse.spark;

import dev.synapse.datasets.Digits;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/** scikit-learn's 8x8 digits (shipped with module datasets) scaled to [0, 1], as arrays and as Spark samples. */
final class DigitsSamples {
    final float[][] features;
    final float[] labels;

    DigitsSamples() {
        Digits d = Digits.load();
        float[] x = d.data().toFloatArray();
        long[] y = d.target().toLongArray();
        features = new float[y.length][64];
        labels = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < 64; k++) {
                features[i][k] = x[i * 64 + k] / 16f;
            }
            labels[i] = y[i];
        }
    }

    JavaRDD<Sample> rdd(SparkSession spark, int partitions) {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            list.add(new Sample(features[i], new float[] {labels[i]}));
        }
        return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(list, partitions);
    }
}
