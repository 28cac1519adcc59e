package dev.synapse.train.loggers;

import dev.synapse.train.tensorboard.EventFileWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Lightning's {@code TensorBoardLogger(save_dir, name)}: event files under
 * {@code saveDir/name/version_N}. {@link #experiment()} is the writer, for images
 * ({@code self.logger.experiment.add_image}).
 */
public final class TensorBoardLogger implements Logger {
    private final Path dir;
    private EventFileWriter writer;

    public TensorBoardLogger(Path saveDir, String name) {
        this.dir = Versions.next(saveDir, name);
    }

    /** This run's folder. */
    public Path logDir() {
        return dir;
    }

    /** The event-file writer, created on first use. */
    public synchronized EventFileWriter experiment() {
        if (writer == null) {
            writer = new EventFileWriter(dir);
        }
        return writer;
    }

    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        EventFileWriter w = experiment();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            w.scalar(e.getKey(), e.getValue(), step);
        }
    }

    @Override
    public synchronized void finish() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
