package dev.synapse.interop.torch;

import dev.synapse.io.AtomicFiles;
import dev.synapse.io.CorruptFileException;
import dev.synapse.io.SafeTensors;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A PyTorch state_dict: tensors by dotted name ({@code encoder.0.weight}), in the order the module registered
 * them, each with its dtype and shape. Reads and writes {@code .pt}/{@code .pth} ({@code torch.save} of a
 * state_dict, read as {@code torch.load(p, weights_only=True)}) and {@code .safetensors} ({@code
 * safetensors.torch.load_file}/{@code save_file}). Tensors are held in PyTorch's layouts; {@link TorchWeights} maps
 * them onto a Synapse model.
 */
public final class StateDict {
    private final Map<String, Tensor> tensors;
    private final boolean registrationOrder;

    /** A state_dict of {@code tensors}, in the map's order, which is taken for the modules' registration order. */
    public StateDict(Map<String, Tensor> tensors) {
        this(tensors, true);
    }

    private StateDict(Map<String, Tensor> tensors, boolean registrationOrder) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
        this.registrationOrder = registrationOrder;
    }

    /**
     * Reads a {@code .pt}/{@code .pth} file (recognised by its zip signature, whatever its name) or a {@code
     * .safetensors} file. The pickle inside a {@code .pt} is read as {@code weights_only=True}: a global other than
     * those rebuilding tensors is a {@link CorruptFileException}, and no class is ever loaded.
     *
     * @throws CorruptFileException naming the file and the entry when the file is malformed
     */
    public static StateDict read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(4);
        }
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return new StateDict(PtFile.read(file));
        }
        // Torch's legacy format opens with its magic number pickled as a 10-byte LONG1.
        if (magic.length == 4 && magic[0] == (byte) 0x80 && magic[2] == (byte) 0x8a && magic[3] == 10) {
            throw new CorruptFileException(file + ": a bare pickle (torch.save's legacy format, torch < 1.6) is not"
                    + " read; save it again with a current torch");
        }
        // safetensors sorts its keys, so the file keeps no registration order.
        return new StateDict(SafeTensors.read(file).tensors(), false);
    }

    /**
     * Whether the tensors are in the order their modules were registered ({@code .pt} files and state_dicts built
     * in code), rather than sorted by name ({@code .safetensors}).
     */
    public boolean inRegistrationOrder() {
        return registrationOrder;
    }

    /** The tensors by name, in order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor named {@code name}, or {@code null}. */
    public @Nullable Tensor get(String name) {
        return tensors.get(name);
    }

    /**
     * Writes the file that {@code torch.save(state_dict, file)} would ({@code .pt}/{@code .pth}), or {@code
     * safetensors.torch.save_file} for a name ending {@code .safetensors}; atomically.
     */
    public void write(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (file.getFileName().toString().endsWith(".safetensors")) {
            SafeTensors.write(file, tensors, Map.of("format", "pt"));
        } else {
            AtomicFiles.write(file, out -> PtFile.write(out, tensors));
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("StateDict{");
        tensors.forEach((k, v) -> s.append(s.length() > 10 ? ", " : "")
                .append(k)
                .append(": ")
                .append(v.dtype())
                .append(java.util.Arrays.toString(v.dims())));
        return s.append('}').toString();
    }
}
