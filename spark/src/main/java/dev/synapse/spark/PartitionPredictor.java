package dev.synapse.spark;

import dev.synapse.Synapse;
import dev.synapse.nn.Model;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.Serial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jspecify.annotations.Nullable;
import scala.collection.Seq;

/**
 * What {@link SynapseModel#transform} runs on each partition: reads the input column of up to {@code batchSize} rows
 * at a time, runs the executor's copy of the model on them as one batch, and hands each row on with its output
 * appended, in the partition's order, one output row per input row. Rows are read lazily, so a partition is never
 * held in memory whole.
 */
final class PartitionPredictor implements MapPartitionsFunction<Row, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What the model and its input are, fixed on the driver. */
    record Spec(
            String owner,
            String fileName,
            InputKind kind,
            String inputCol,
            int inputIndex,
            @Nullable String idCol,
            int idIndex,
            int[] rowShape,
            int batchSize,
            boolean argmax,
            float imageScale)
            implements java.io.Serializable {}

    private final Broadcast<byte[]> modelFile;
    private final Spec spec;

    PartitionPredictor(Broadcast<byte[]> modelFile, Spec spec) {
        this.modelFile = modelFile;
        this.spec = spec;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Batches(rows, TaskContext.getPartitionId());
    }

    /** The output rows of one partition, computed a batch at a time as they are asked for. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> in;
        private final int partition;
        private final int rowSize;
        private final @Nullable ImageDecoder images;
        private final List<Row> pending = new ArrayList<>();
        private float[] outputs = new float[0];
        private int outputSize;
        private int next;
        private long rowsRead;

        Batches(Iterator<Row> in, int partition) {
            this.in = in;
            this.partition = partition;
            this.rowSize =
                    Math.toIntExact(Arrays.stream(spec.rowShape).asLongStream().reduce(1, (a, b) -> a * b));
            this.images = spec.kind == InputKind.IMAGE ? imageDecoder(spec) : null;
        }

        @Override
        public boolean hasNext() {
            return next < pending.size() || in.hasNext();
        }

        @Override
        public Row next() {
            if (next == pending.size()) {
                if (!in.hasNext()) {
                    throw new NoSuchElementException();
                }
                predictNextBatch();
            }
            Row row = pending.get(next);
            Object[] values = new Object[row.length() + 1];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            values[row.length()] = spec.argmax
                    ? (Object) argmax(outputs, next * outputSize, outputSize)
                    : Arrays.copyOfRange(outputs, next * outputSize, (next + 1) * outputSize);
            next++;
            return RowFactory.create(values);
        }

        private void predictNextBatch() {
            pending.clear();
            next = 0;
            while (pending.size() < spec.batchSize && in.hasNext()) {
                pending.add(in.next());
            }
            int n = pending.size();
            float[] x = new float[n * rowSize];
            for (int r = 0; r < n; r++) {
                read(pending.get(r), rowsRead + r, x, r * rowSize);
            }
            rowsRead += n;
            int[] dims = new int[spec.rowShape.length + 1];
            dims[0] = n;
            System.arraycopy(spec.rowShape, 0, dims, 1, spec.rowShape.length);
            Model model = ExecutorModels.get(modelFile, spec.fileName);
            // One batch at a time per model: the CPU kernels already use every core, and layers are not promised
            // to be safe for concurrent calls when an executor runs several tasks at once.
            synchronized (model) {
                try (var _ = Synapse.stepScope()) {
                    Tensor input = Tensor.wrap(x, dims);
                    DType inputType = model.inputs().get(0).dtype();
                    if (inputType != DType.FLOAT32) {
                        input = input.to(inputType);
                    }
                    Tensor y = model.predict(input, n);
                    outputs = (y.dtype() == DType.FLOAT32 ? y : y.to(DType.FLOAT32)).toFloatArray();
                }
            }
            outputSize = outputs.length / n;
        }

        /** Writes row {@code index}'s input values at {@code offset}, or fails naming the row. */
        private void read(Row row, long index, float[] x, int offset) {
            if (row.isNullAt(spec.inputIndex)) {
                throw rowError(row, index, "is null");
            }
            Object v = row.get(spec.inputIndex);
            switch (spec.kind) {
                case FLOAT_ARRAY, DOUBLE_ARRAY -> {
                    Seq<?> values = (Seq<?>) v;
                    checkLength(row, index, values.length());
                    for (int i = 0; i < rowSize; i++) {
                        Object e = values.apply(i);
                        if (e == null) {
                            throw rowError(row, index, "has a null at position " + i);
                        }
                        x[offset + i] = ((Number) e).floatValue();
                    }
                }
                case VECTOR -> {
                    Vector vector = (Vector) v;
                    checkLength(row, index, vector.size());
                    for (int i = 0; i < rowSize; i++) {
                        x[offset + i] = (float) vector.apply(i);
                    }
                }
                case IMAGE -> {
                    try {
                        requireNonNullDecoder().decode((byte[]) v, x, offset);
                    } catch (IllegalArgumentException e) {
                        throw rowError(row, index, "does not hold a usable image: " + e.getMessage());
                    }
                }
            }
        }

        private void checkLength(Row row, long index, int length) {
            if (length != rowSize) {
                throw rowError(
                        row,
                        index,
                        "holds " + length + " values, the model expects " + rowSize + " (input shape "
                                + Arrays.toString(spec.rowShape) + ")");
            }
        }

        private IllegalArgumentException rowError(Row row, long index, String what) {
            String id = spec.idCol == null ? "" : " (" + spec.idCol + " = " + row.get(spec.idIndex) + ")";
            return new IllegalArgumentException(spec.owner + ": row " + index + " of partition " + partition + id
                    + ": column '" + spec.inputCol + "' " + what);
        }

        private ImageDecoder requireNonNullDecoder() {
            if (images == null) {
                throw new IllegalStateException("no image decoder for input kind " + spec.kind);
            }
            return images;
        }
    }

    private static ImageDecoder imageDecoder(Spec spec) {
        int[] s = spec.rowShape;
        return new ImageDecoder(s[0], s[1], s.length == 3 ? s[2] : 1, spec.imageScale);
    }

    /** The index of the largest value, the first one on ties and the first NaN if any, as {@code numpy.argmax}. */
    static double argmax(float[] values, int from, int length) {
        int best = 0;
        for (int i = 0; i < length; i++) {
            float v = values[from + i];
            if (Float.isNaN(v)) {
                return i;
            }
            if (v > values[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
