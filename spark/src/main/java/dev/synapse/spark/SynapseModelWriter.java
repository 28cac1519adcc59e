package dev.synapse.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saves a {@link SynapseModel} as Spark ML saves its stages: the parameters in {@code metadata/} (Spark's own
 * format, which {@code PipelineModel} reads), the model file unchanged in {@code model/}.
 */
final class SynapseModelWriter extends MLWriter {
    static final String MODEL_FOLDER = "model";

    private final SynapseModel instance;
    private final byte[] modelFile;
    private final String fileName;

    SynapseModelWriter(SynapseModel instance, byte[] modelFile, String fileName) {
        this.instance = instance;
        this.modelFile = modelFile;
        this.fileName = fileName;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
        Path file = new Path(new Path(path, MODEL_FOLDER), fileName);
        try {
            FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(file, shouldOverwrite())) {
                out.write(modelFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SynapseModel: writing " + file + ": " + e.getMessage(), e);
        }
    }
}
