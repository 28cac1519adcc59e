package dev.synapse.spark;

import dev.synapse.io.ModelArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The training checkpoints in a folder every replica and the driver can reach, through Hadoop's
 * {@code FileSystem} (a local folder, {@code hdfs://}, {@code s3a://}, ...): {@code ckpt-STEP.synapse}, a Synapse
 * model file with the optimizer's state after {@code STEP} global steps. A write goes to a hidden temporary name
 * first and is renamed, so a reader never sees half a checkpoint.
 */
final class CheckpointStore implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d+)\\.synapse");
    /** A checkpoint larger than this is refused before it is read: the most one Java array holds. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final String dir;

    CheckpointStore(String dir) {
        this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    String dir() {
        return dir;
    }

    String file(long step) {
        return dir + "/" + String.format(Locale.ROOT, "ckpt-%08d.synapse", step);
    }

    private static FileSystem fs(String path) throws IOException {
        return FileSystem.get(URI.create(path), new Configuration());
    }

    /** Writes the checkpoint after {@code step} global steps; an existing one (a retried chunk's) is replaced. */
    void write(long step, ModelArchive archive) throws IOException {
        byte[] bytes = archive.toBytes();
        Path target = new Path(file(step));
        FileSystem fs = fs(target.toString());
        Path temp = new Path(dir, "." + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(temp, true)) {
            out.write(bytes);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(temp, target)) {
            fs.delete(temp, false);
            throw new IOException("cannot rename " + temp + " to " + target);
        }
    }

    /** Reads the checkpoint after {@code step} global steps. */
    ModelArchive read(long step) throws IOException {
        String name = file(step);
        Path path = new Path(name);
        FileSystem fs = fs(name);
        long length = fs.getFileStatus(path).getLen();
        if (length > MAX_BYTES) {
            throw new dev.synapse.io.CorruptFileException(
                    name + ": " + length + " bytes, over the " + MAX_BYTES + " a checkpoint may hold");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) length);
        try (InputStream in = fs.open(path)) {
            in.transferTo(buffer);
        }
        return ModelArchive.read(buffer.toByteArray(), name);
    }

    /** The largest step with a checkpoint in the folder, if any. */
    OptionalLong latest() throws IOException {
        Path d = new Path(dir);
        FileSystem fs = fs(dir);
        if (!fs.exists(d)) {
            return OptionalLong.empty();
        }
        long best = -1;
        for (FileStatus s : fs.listStatus(d)) {
            Matcher m = NAME.matcher(s.getPath().getName());
            if (m.matches()) {
                best = Math.max(best, Long.parseLong(m.group(1)));
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }
}
