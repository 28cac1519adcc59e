package dev.synapse.interop.keras;

import dev.synapse.nn.Model;
import dev.synapse.nn.ModelFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Keras's {@code .keras} and legacy {@code .h5} files for {@link Model#load}: {@link KerasFiles#load}. */
public final class KerasModelFormat implements ModelFormat {
    /** Made by {@link java.util.ServiceLoader}. */
    public KerasModelFormat() {}

    @Override
    public String name() {
        return "Keras";
    }

    /**
     * HDF5's signature (a legacy {@code .h5}), or a zip holding Keras's {@code config.json} (a {@code .keras}); a
     * Synapse model file, also a zip and often named {@code .keras}, holds none.
     */
    @Override
    public boolean reads(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == 8 && Arrays.equals(head, HDF5_SIGNATURE)) {
            return true;
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            return false;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("config.json") != null;
        } catch (ZipException e) {
            return false; // not a readable zip: left to Synapse's own reader, whose error names the damage
        }
    }

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @Override
    public Model read(Path file) throws IOException {
        return KerasFiles.load(file);
    }
}
