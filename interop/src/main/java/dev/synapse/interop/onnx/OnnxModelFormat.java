package dev.synapse.interop.onnx;

import dev.synapse.nn.Model;
import dev.synapse.nn.ModelFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** ONNX files for {@link Model#load}: {@link Onnx#load}. */
public final class OnnxModelFormat implements ModelFormat {
    /** Made by {@link java.util.ServiceLoader}. */
    public OnnxModelFormat() {}

    @Override
    public String name() {
        return "ONNX";
    }

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    @Override
    public Model read(Path file) throws IOException {
        return Onnx.load(file);
    }
}
