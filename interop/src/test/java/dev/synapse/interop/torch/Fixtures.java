package dev.synapse.interop.torch;

import dev.synapse.io.SafeTensors;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/** The files written by {@code make_fixtures.py} beside this package's test resources. */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) {
        URL url = Fixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name + " (run make_fixtures.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixed input {@code x} and torch's output {@code y} of a fixture model. */
    static Map<String, Tensor> io(String model) throws IOException {
        return SafeTensors.read(path(model + "_io.safetensors")).tensors();
    }

    /** The largest |got - want|, after checking that every element is within float32's accumulated rounding. */
    static double maxDiff(Tensor got, Tensor want) {
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        if (g.length != w.length) {
            throw new AssertionError("sizes differ: " + g.length + " vs " + w.length);
        }
        double max = 0;
        for (int i = 0; i < g.length; i++) {
            double d = Math.abs(g[i] - w[i]);
            // float32 sums of at most a few hundred products: rounding stays near 1e-6 relative; a wrong layout or
            // gate order moves outputs by 1e-2 or more.
            if (d > 1e-5 + 1e-5 * Math.abs(w[i])) {
                throw new AssertionError("element " + i + ": got " + g[i] + ", torch gives " + w[i]);
            }
            max = Math.max(max, d);
        }
        return max;
    }
}
