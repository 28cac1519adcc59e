package dev.synapse.spark;

import dev.synapse.io.CorruptFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.MLReader;
import scala.Option;

/** Loads a folder {@link SynapseModelWriter} saved: its parameters, then its model file, checked as on loading. */
final class SynapseModelReader extends MLReader<SynapseModel> {
    @Override
    public SynapseModel load(String path) {
        DefaultParamsReader.Metadata metadata =
                DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), SynapseModel.class.getName());
        Path folder = new Path(path, SynapseModelWriter.MODEL_FOLDER);
        try {
            FileSystem fs = folder.getFileSystem(sc().hadoopConfiguration());
            FileStatus[] files = fs.listStatus(folder);
            if (files.length != 1 || !files[0].isFile()) {
                throw new CorruptFileException(path + ": entry " + SynapseModelWriter.MODEL_FOLDER
                        + "/ must hold exactly one model file, it holds " + files.length + " entries");
            }
            long size = files[0].getLen();
            if (size > SynapseModel.MAX_FILE_BYTES) {
                throw new CorruptFileException(path + ": entry " + SynapseModelWriter.MODEL_FOLDER + "/"
                        + files[0].getPath().getName() + " has " + size + " bytes, more than the "
                        + SynapseModel.MAX_FILE_BYTES + " a model file may have");
            }
            byte[] bytes = new byte[(int) size];
            try (FSDataInputStream in = fs.open(files[0].getPath())) {
                in.readFully(bytes);
            }
            String fileName = files[0].getPath().getName();
            SynapseModel model = SynapseModel.create(
                    metadata.uid(),
                    bytes,
                    fileName,
                    ExecutorModels.build(bytes, fileName),
                    files[0].getPath().toString());
            metadata.getAndSetParams(model, Option.empty());
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("SynapseModel: reading " + folder + ": " + e.getMessage(), e);
        }
    }
}
