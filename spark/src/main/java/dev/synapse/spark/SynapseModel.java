package dev.synapse.spark;

import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Batch inference with a Synapse model over a Spark DataFrame, as a Spark ML {@code Transformer} (the place of
 * {@code pyspark.ml.functions.predict_batch_udf} for a Keras or PyTorch model):
 *
 * <pre>{@code
 * Dataset<Row> scored = SynapseModel.load("model.synapse")
 *         .setInputCol("features")
 *         .setOutputCol("prediction")
 *         .transform(df);
 * }</pre>
 *
 * <p>The model file is read on the driver and broadcast once; each executor JVM builds the model from it once and
 * shares it between its tasks. Each partition is run through the model in batches of {@link #batchSize} rows; the
 * output has every input column and one more, one row for each input row in the same order.
 *
 * <p>The input column may be {@code array<float>}, {@code array<double>}, a Spark ML {@code Vector} (values rounded to
 * float32, row-major, reshaped to the model's input shape or {@link #inputShape}), or {@code binary} holding PNG or
 * JPEG bytes, decoded to the model's {@code [height, width]} or {@code [height, width, channels]} input (channels 1
 * or 3) and scaled by {@link #imageScale}. The output column is the model's output flattened, {@code array<float>}
 * ({@code outputMode} {@code "scores"}), or the index of its largest value as a double, the type of Spark ML's
 * {@code prediction} columns ({@code "argmax"}). A null, wrong-length or undecodable input fails the job with a
 * {@code SparkException} caused by an {@code IllegalArgumentException} naming the row (its index in its partition and
 * the {@link #idCol} value when set) and the expected and actual sizes.
 *
 * <p>Executors need the Vector API module: {@code spark.executor.extraJavaOptions=--add-modules
 * jdk.incubator.vector}.
 */
public final class SynapseModel extends Transformer implements MLWritable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Model files larger than this are refused: they are broadcast as one byte array. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;

    private final String uid;
    private final byte[] modelFile;
    private final String fileName;
    private final int[] modelRowShape;
    private transient @Nullable Broadcast<byte[]> broadcast;

    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> idCol;
    private final IntParam batchSize;
    private final IntArrayParam inputShape;
    private final Param<String> outputMode;
    private final DoubleParam imageScale;

    private SynapseModel(String uid, byte[] modelFile, String fileName, int[] modelRowShape) {
        this.uid = uid;
        this.modelFile = modelFile;
        this.fileName = fileName;
        this.modelRowShape = modelRowShape;
        inputCol = new Param<>(this, "inputCol", "input column: array<float|double>, ml Vector or image bytes");
        outputCol = new Param<>(this, "outputCol", "output column: the model's outputs, or their argmax");
        idCol = new Param<>(this, "idCol", "column whose value names a failing row in errors (optional)");
        batchSize = new IntParam(this, "batchSize", "rows run through the model at once (> 0)");
        inputShape = new IntArrayParam(
                this, "inputShape", "shape of one row's input, without the batch axis (default: the model's)");
        outputMode = new Param<>(this, "outputMode", "'scores': the outputs as array<float>; 'argmax': their argmax");
        imageScale = new DoubleParam(this, "imageScale", "factor applied to decoded image pixel values");
        setDefault(inputCol, "features");
        setDefault(outputCol, "prediction");
        setDefault(batchSize, (Object) 64);
        setDefault(outputMode, "scores");
        setDefault(imageScale, (Object) (1.0 / 255));
    }

    /**
     * Reads a model file that {@link Model#load} reads (a Synapse file; with {@code synapse-interop} on the class
     * path, Keras and ONNX files too) from the driver's file system ({@code keras.models.load_model}).
     */
    public static SynapseModel load(String path) throws IOException {
        return load(Path.of(path));
    }

    /** {@link #load(String)} for a {@link Path}. */
    public static SynapseModel load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        ExecutorModels.requireVectorApi(
                "driver",
                ModuleLayer.boot().findModule(ExecutorModels.VECTOR_MODULE).isPresent());
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("SynapseModel: " + file + " has " + size + " bytes, more than the "
                    + MAX_FILE_BYTES + " a model" + " file broadcast to executors may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        Path name = file.getFileName();
        return create(
                Identifiable$.MODULE$.randomUID("SynapseModel"),
                bytes,
                name == null ? "model" : name.toString(),
                Model.load(file),
                file.toString());
    }

    /** A transformer of {@code model}, read from {@code bytes}, after checking it runs over one column. */
    static SynapseModel create(String uid, byte[] bytes, String fileName, Model model, String source) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException("SynapseModel: " + source + " holds a model of "
                    + model.inputs().size()
                    + " inputs and " + model.outputs().size() + " outputs; only models of one input and one output"
                    + " run over a column");
        }
        SymbolicTensor in = model.inputs().get(0);
        return new SynapseModel(uid, bytes, fileName, Arrays.copyOfRange(in.shape(), 1, in.rank()));
    }

    /**
     * Saves this transformer, its parameters and its model file, to a folder ({@code model.write().save(path)} or
     * {@code model.save(path)}, on any file system Spark reaches), as Spark ML's pipeline stages are saved; {@link
     * #read()} loads it back, and a saved {@code PipelineModel} holding it loads too.
     */
    @Override
    public MLWriter write() {
        return new SynapseModelWriter(this, modelFile, fileName);
    }

    /** The reader of folders {@link #write()} saved: {@code SynapseModel.read().load(path)}. */
    public static MLReader<SynapseModel> read() {
        return new SynapseModelReader();
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The input column's name ({@code "features"} by default). */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** The output column's name ({@code "prediction"} by default). */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** A column, such as a key, whose value names a failing row in errors; unset by default. */
    public Param<String> idCol() {
        return idCol;
    }

    /** Rows run through the model at once (64 by default), as {@code batch_size} of Keras's {@code predict}. */
    public IntParam batchSize() {
        return batchSize;
    }

    /**
     * One row's input shape without the batch axis, to which flat arrays and vectors are reshaped; by default the
     * model's input shape. Needed when the model's input has unknown dimensions.
     */
    public IntArrayParam inputShape() {
        return inputShape;
    }

    /** {@code "scores"} (the default): the model's outputs as {@code array<float>}; {@code "argmax"}: their argmax. */
    public Param<String> outputMode() {
        return outputMode;
    }

    /** What decoded image pixel values are multiplied by: 1/255 by default, giving values in [0, 1]. */
    public DoubleParam imageScale() {
        return imageScale;
    }

    /** Sets {@link #inputCol}. */
    public SynapseModel setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    /** Sets {@link #outputCol}. */
    public SynapseModel setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    /** Sets {@link #idCol}. */
    public SynapseModel setIdCol(String value) {
        set(idCol, value);
        return this;
    }

    /** Sets {@link #batchSize}; at least 1. */
    public SynapseModel setBatchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("SynapseModel: batchSize must be at least 1, got " + value);
        }
        set(batchSize, (Object) value);
        return this;
    }

    /** Sets {@link #inputShape}, one row's shape without the batch axis; every dimension positive. */
    public SynapseModel setInputShape(int... value) {
        for (int d : value) {
            if (d < 1) {
                throw new IllegalArgumentException(
                        "SynapseModel: inputShape dimensions must be positive, got " + Arrays.toString(value));
            }
        }
        set(inputShape, value.clone());
        return this;
    }

    /** Sets {@link #outputMode}: {@code "scores"} or {@code "argmax"}. */
    public SynapseModel setOutputMode(String value) {
        if (!value.equals("scores") && !value.equals("argmax")) {
            throw new IllegalArgumentException(
                    "SynapseModel: outputMode must be 'scores' or 'argmax', got '" + value + "'");
        }
        set(outputMode, value);
        return this;
    }

    /** Sets {@link #imageScale}; finite. */
    public SynapseModel setImageScale(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("SynapseModel: imageScale must be finite, got " + value);
        }
        set(imageScale, (Object) value);
        return this;
    }

    /** The input column's name. */
    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    /** The output column's name. */
    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    /** The rows run at once. */
    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    /** One row's input shape: {@link #inputShape} when set, else the model's. */
    public int[] getInputShape() {
        return isSet(inputShape) ? getOrDefault(inputShape).clone() : modelRowShape.clone();
    }

    /** {@code "scores"} or {@code "argmax"}. */
    public String getOutputMode() {
        return getOrDefault(outputMode);
    }

    /** The factor on decoded pixel values. */
    public double getImageScale() {
        return (Double) getOrDefault(imageScale);
    }

    /**
     * The input schema with the output column added; fails with an {@code IllegalArgumentException} naming the
     * column when the input column is missing or of a type this model cannot read, when the output column exists,
     * or when the input shape does not fit the model or the column kind.
     */
    @Override
    public StructType transformSchema(StructType schema) {
        inputKind(schema);
        String out = getOutputCol();
        if (Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException(
                    "SynapseModel: output column '" + out + "' already exists in " + schema.simpleString());
        }
        if (isDefined(idCol) && !Arrays.asList(schema.fieldNames()).contains(getOrDefault(idCol))) {
            throw new IllegalArgumentException(
                    "SynapseModel: idCol '" + getOrDefault(idCol) + "' is not a column of " + schema.simpleString());
        }
        DataType type = getOutputMode().equals("argmax")
                ? DataTypes.DoubleType
                : DataTypes.createArrayType(DataTypes.FloatType, false);
        return schema.add(new StructField(out, type, false, org.apache.spark.sql.types.Metadata.empty()));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        StructType outSchema = transformSchema(schema);
        InputKind kind = inputKind(schema);
        String id = isDefined(idCol) ? getOrDefault(idCol) : null;
        PartitionPredictor.Spec spec = new PartitionPredictor.Spec(
                "SynapseModel " + fileName,
                fileName,
                kind,
                getInputCol(),
                schema.fieldIndex(getInputCol()),
                id,
                id == null ? -1 : schema.fieldIndex(id),
                getInputShape(),
                getBatchSize(),
                getOutputMode().equals("argmax"),
                (float) getImageScale());
        return dataset.toDF().mapPartitions(new PartitionPredictor(broadcast(dataset), spec), Encoders.row(outSchema));
    }

    /** The model file broadcast to the executors, once per driver-side instance and Spark context. */
    private synchronized Broadcast<byte[]> broadcast(Dataset<?> dataset) {
        Broadcast<byte[]> b = broadcast;
        if (b == null || !b.isValid()) {
            JavaSparkContext sc =
                    JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
            b = sc.broadcast(modelFile);
            broadcast = b;
        }
        return b;
    }

    /** The kind of the input column, after checking it and the input shape against the model. */
    private InputKind inputKind(StructType schema) {
        String in = getInputCol();
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException(
                    "SynapseModel: input column '" + in + "' is not a column of " + schema.simpleString());
        }
        DataType type = schema.apply(in).dataType();
        InputKind kind = InputKind.of(type);
        if (kind == null) {
            throw new IllegalArgumentException("SynapseModel: input column '" + in + "' is " + type.simpleString()
                    + "; it must be one of " + InputKind.accepted());
        }
        int[] shape = getInputShape();
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("SynapseModel: the model's input shape " + Arrays.toString(shape)
                        + " has unknown dimensions; set inputShape to one row's shape");
            }
        }
        if (isSet(inputShape) && !fits(shape, modelRowShape)) {
            throw new IllegalArgumentException("SynapseModel: inputShape " + Arrays.toString(shape)
                    + " does not fit the model's input shape " + Arrays.toString(modelRowShape));
        }
        if (kind == InputKind.IMAGE
                && !(shape.length == 2 || (shape.length == 3 && (shape[2] == 1 || shape[2] == 3)))) {
            throw new IllegalArgumentException("SynapseModel: input column '" + in
                    + "' holds images but the input shape"
                    + " is " + Arrays.toString(shape) + "; images need [height, width] or [height, width, channels]"
                    + " with 1 or 3 channels");
        }
        return kind;
    }

    /** Whether {@code shape} matches {@code model}'s known dimensions (-1 is unknown). */
    private static boolean fits(int[] shape, int[] model) {
        if (shape.length != model.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (model[i] >= 0 && model[i] != shape[i]) {
                return false;
            }
        }
        return true;
    }

    /** A copy with the same model and uid, its params overridden by {@code extra} (Spark ML's {@code copy}). */
    @Override
    public SynapseModel copy(ParamMap extra) {
        SynapseModel that = new SynapseModel(uid, modelFile, fileName, modelRowShape);
        return copyValues(that, extra);
    }
}
