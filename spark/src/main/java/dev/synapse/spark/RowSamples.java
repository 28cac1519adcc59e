package dev.synapse.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** DataFrame rows as {@link Sample}s: a features column (ML vector or numeric array) and a label column. */
final class RowSamples {
    private RowSamples() {}

    static JavaRDD<Sample> of(Dataset<Row> data, String featuresColumn, String labelColumn) {
        int f = index(data, featuresColumn, "features");
        int l = index(data, labelColumn, "label");
        return data.javaRDD().map(row -> new Sample(values(row, f, featuresColumn), values(row, l, labelColumn)));
    }

    private static int index(Dataset<Row> data, String column, String what) {
        List<String> names = List.of(data.columns());
        int i = names.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("SparkTrainer: no " + what + " column '" + column + "' among " + names);
        }
        return i;
    }

    static float[] values(Row row, int i, String column) {
        Object v = row.get(i);
        if (v == null) {
            throw new IllegalArgumentException("SparkTrainer: a row has no value in column '" + column + "'");
        }
        if (v instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (v instanceof Vector vector) {
            double[] d = vector.toArray();
            float[] out = new float[d.length];
            for (int k = 0; k < d.length; k++) {
                out[k] = (float) d[k];
            }
            return out;
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            float[] out = new float[seq.size()];
            for (int k = 0; k < out.length; k++) {
                Object e = seq.apply(k);
                if (!(e instanceof Number n)) {
                    throw new IllegalArgumentException("SparkTrainer: column '" + column + "' holds " + e
                            + " at element " + k + "; expected numbers");
                }
                out[k] = n.floatValue();
            }
            return out;
        }
        throw new IllegalArgumentException("SparkTrainer: column '" + column + "' holds a "
                + v.getClass().getSimpleName() + "; expected a number, an array of numbers or an ML Vector");
    }
}
