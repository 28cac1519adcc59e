package dev.synapse.interop.onnx;

import dev.synapse.nn.Model;
import dev.synapse.nn.ModelFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** ONNX files for {@link Model#load}: {@link Onnx#load}. */
public final class OnnxModelFormat implements ModelFormat {
    /** Made by {@link java.util.ServiceLoader}. */
    public OnnxModelFormat() {}

    @Override
    public String name() {
        return "ONNX";
    }

    /** ONNX files carry no signature: the name says it ({@code .onnx}). */
    @Override
    public boolean reads(Path file) {
        return String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public Model read(Path file) throws IOException {
        return Onnx.load(file);
    }
}
