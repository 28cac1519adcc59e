package dev.synapse.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import scala.collection.Seq;

/**
 * DataFrame rows as {@link Sample}s: a features column (ML vector or numeric array, as many values as the model's
 * input holds) and a label column (a number, a numeric array or an ML vector). Column types are checked on the
 * driver; a null or wrong-length value fails its task naming the row (its index in its partition) and the column.
 */
final class RowSamples implements Function2<Integer, Iterator<Row>, Iterator<Sample>> {
    private static final long serialVersionUID = 1L;

    private final int features;
    private final String featuresColumn;
    private final int label;
    private final String labelColumn;
    private final int[] inputShape;
    private final int width;

    private RowSamples(int features, String featuresColumn, int label, String labelColumn, int[] inputShape) {
        this.features = features;
        this.featuresColumn = featuresColumn;
        this.label = label;
        this.labelColumn = labelColumn;
        this.inputShape = inputShape.clone();
        this.width = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
    }

    /** The samples of {@code data}, in its order, for a model whose input (without the batch) is {@code inputShape}. */
    static JavaRDD<Sample> of(Dataset<Row> data, String featuresColumn, String labelColumn, int[] inputShape) {
        int f = index(data, featuresColumn, "features", false);
        int l = index(data, labelColumn, "label", true);
        return data.javaRDD()
                .mapPartitionsWithIndex(new RowSamples(f, featuresColumn, l, labelColumn, inputShape), true);
    }

    private static int index(Dataset<Row> data, String column, String what, boolean scalar) {
        List<String> names = List.of(data.columns());
        int i = names.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("SparkTrainer: no " + what + " column '" + column + "' among " + names);
        }
        DataType type = data.schema().fields()[i].dataType();
        boolean numericArray = type instanceof ArrayType a && a.elementType() instanceof NumericType;
        if (!numericArray && !type.equals(SQLDataTypes.VectorType()) && !(scalar && type instanceof NumericType)) {
            throw new IllegalArgumentException("SparkTrainer: " + what + " column '" + column + "' is "
                    + type.simpleString() + "; expected an array of numbers or an ML Vector"
                    + (scalar ? ", or a number" : ""));
        }
        return i;
    }

    @Override
    public Iterator<Sample> call(Integer partition, Iterator<Row> rows) {
        return new Iterator<>() {
            private long row;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Sample next() {
                Row r = rows.next();
                float[] x = values(r, features, featuresColumn, partition);
                if (x.length != width) {
                    throw rowError(
                            partition,
                            featuresColumn,
                            "holds " + x.length + " values, the model's input " + Arrays.toString(inputShape)
                                    + " needs " + width);
                }
                Sample s = new Sample(x, values(r, label, labelColumn, partition));
                row++;
                return s;
            }

            private float[] values(Row r, int i, String column, int partition) {
                Object v = r.get(i);
                if (v == null) {
                    throw rowError(partition, column, "is null");
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
                Seq<?> seq = (Seq<?>) v;
                float[] out = new float[seq.size()];
                for (int k = 0; k < out.length; k++) {
                    if (!(seq.apply(k) instanceof Number n)) {
                        throw rowError(partition, column, "has a null at position " + k);
                    }
                    out[k] = n.floatValue();
                }
                return out;
            }

            private IllegalArgumentException rowError(int partition, String column, String what) {
                return new IllegalArgumentException("SparkTrainer: row " + row + " of partition " + partition
                        + ": column '" + column + "' " + what);
            }
        };
    }
}
