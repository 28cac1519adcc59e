package dev.synapse.io;

import dev.synapse.Synapse;
import dev.synapse.io.internal.ModelFiles;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.Weight;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import java.nio.file.Path;

/**
 * The child process of {@link AtomicSaveKillTest}: saves version after version of a model to one
 * path (every weight filled with the version number) and reports each piece written and each completed
 * save on stdout, until it is killed.
 */
public final class SaveLoopMain {
    static final int CHUNK = 512 << 10;

    private SaveLoopMain() {}

    /** A model of about 4 MB, so that a save takes long enough to be interrupted in the middle. */
    static Model model() {
        Names.clearSession();
        Synapse.setSeed(1);
        Model m = new Sequential(Input.of(512), new Dense(1024, "relu"), new BatchNormalization(), new Dense(512));
        m.compile(new Adam(), "mse");
        return m;
    }

    static void fill(Model m, int version) {
        for (Weight w : m.weights()) {
            w.value().detach().fill(version);
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int version = Integer.parseInt(args[1]);
        Model m = model();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            fill(m, version);
            // The bytes of m.save(file), written through the same atomic writer in pieces, reporting
            // each piece, so that the parent can kill in the middle of the file write itself.
            byte[] bytes = ModelFiles.archive(
                            m,
                            m.compiled().optimizer(),
                            m.compiled().loss(),
                            m.compiled().metrics(),
                            true)
                    .toBytes();
            AtomicFiles.write(file, out -> {
                for (int at = 0; at < bytes.length; at += CHUNK) {
                    out.write(bytes, at, Math.min(CHUNK, bytes.length - at));
                    out.flush();
                    System.out.println("wrote " + at);
                    System.out.flush();
                }
            });
            System.out.println("saved " + version);
            System.out.flush();
            version++;
        }
    }
}
