package dev.synapse.io;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The safetensors format (Hugging Face's {@code safetensors}, which PyTorch and Keras read): an
 * 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range,
 * then the raw little-endian data.
 *
 * <p>Reading trusts nothing: the header length is checked against the file size before anything is
 * allocated, tensors are read in pieces straight into their arrays (memory follows the header, not
 * the file), every tensor's dtype, shape and offsets are validated (in range, consistent with the
 * shape, not overlapping, covering the data without holes) and any violation is a
 * {@link CorruptFileException} naming the file and the problem.
 */
public final class SafeTensors {
    /** Headers larger than this are rejected (the format's own reference implementation uses 100 MB). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafeTensors() {}

    /** Tensors by name and the free-form string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Writes {@code tensors} (in map order) with {@code metadata}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensors, metadata));
    }

    /** Writes the safetensors bytes to a stream. */
    public static void write(OutputStream rawOut, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = t.size() * t.dtype().byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", code(t.dtype()));
            entry.put("shape", t.dims());
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8;
        OutputStream out = new BufferedOutputStream(rawOut, 1 << 16);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length + pad);
        out.write(len.array());
        out.write(json);
        out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
        for (Tensor t : tensors.values()) {
            writeTensor(out, t);
        }
        out.flush();
    }

    /**
     * Reads and validates a file ({@code safetensors.torch.load_file}). The header is read and checked
     * first; tensors are then read straight into their arrays, so memory follows what the header
     * declares, never the file's size.
     */
    public static Contents read(Path file) throws IOException {
        try (ByteSource src = ByteSource.open(file, "safetensors file")) {
            return read(src.stream(0, src.size()), src.size(), file.toString());
        }
    }

    /** Reads and validates safetensors bytes; {@code source} names them in errors. */
    public static Contents read(byte[] b, String source) throws CorruptFileException {
        try {
            return read(new ByteArrayInputStream(b), b.length, source);
        } catch (CorruptFileException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptFileException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and validates {@code size} bytes of safetensors from {@code in}: the header is checked
     * against {@code size} (offsets in range, consistent with shapes and dtypes, no overlap, no gap)
     * before any tensor is allocated.
     */
    static Contents read(InputStream in, long size, String source) throws IOException {
        if (size < 8) {
            throw new CorruptFileException(source + ": not a safetensors file (" + size
                    + " bytes, shorter than the 8-byte " + "header length)");
        }
        long n = ByteBuffer.wrap(readExactly(in, 8, source))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8L) {
            throw new CorruptFileException(source + ": header length " + n + " is impossible for a file of " + size
                    + " bytes (truncated or not a safetensors file)");
        }
        String text = new String(readExactly(in, (int) n, source), StandardCharsets.UTF_8);
        if (!text.startsWith("{")) {
            throw new CorruptFileException(source + ": the header is not a JSON object");
        }
        Map<String, Object> header;
        try {
            header = Json.parseObject(text.stripTrailing());
        } catch (Json.JsonException e) {
            throw new CorruptFileException(source + ": bad header: " + e.getMessage());
        }
        long dataLength = size - 8 - n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Declared> declared = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new CorruptFileException(source + ": __metadata__ must be an object of strings");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String v)) {
                        throw new CorruptFileException(
                                source + ": metadata value for '" + me.getKey() + "' is not a string");
                    }
                    metadata.put(String.valueOf(me.getKey()), v);
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw new CorruptFileException(source + ": entry '" + name + "' is not an object");
            }
            DType dtype = dtype(entry.get("dtype"), name, source);
            int[] shape = shape(entry.get("shape"), name, source);
            long[] off = offsets(entry.get("data_offsets"), name, source);
            long elements = 1;
            for (int d : shape) {
                elements *= d;
                // Tensors are read into one host array each.
                if (elements > JavaArrays.MAX_LENGTH) {
                    throw new CorruptFileException(source + ": tensor '" + name + "' of shape "
                            + Arrays.toString(shape) + " is too large: more than the " + JavaArrays.MAX_LENGTH
                            + " elements one host array holds");
                }
            }
            if (off[0] > off[1] || off[1] > dataLength) {
                throw new CorruptFileException(source + ": tensor '" + name + "' has byte range [" + off[0] + ", "
                        + off[1] + ") outside the " + dataLength + " data bytes (truncated file?)");
            }
            if (off[1] - off[0] != elements * dtype.byteSize()) {
                throw new CorruptFileException(source + ": tensor '" + name + "' of shape " + Arrays.toString(shape)
                        + " and dtype " + dtype + " needs " + elements * dtype.byteSize()
                        + " bytes but its range holds "
                        + (off[1] - off[0]));
            }
            declared.add(new Declared(name, dtype, shape, (int) elements, off[0], off[1]));
        }
        List<Declared> byOffset = new ArrayList<>(declared);
        byOffset.sort((x, y) -> Long.compare(x.begin(), y.begin()));
        checkCoverage(byOffset, dataLength, source);
        // The data now holds exactly the declared tensors, back to back: read them in file order.
        Map<String, Tensor> read = new LinkedHashMap<>();
        for (Declared d : byOffset) {
            try {
                read.put(d.name(), readTensor(in, d, source));
            } catch (CorruptFileException bad) {
                String m = bad.getMessage();
                throw m != null && m.startsWith(source)
                        ? bad
                        : new CorruptFileException(source + ": tensor '" + d.name() + "': " + bad.getMessage());
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Declared d : declared) {
            tensors.put(d.name(), read.get(d.name()));
        }
        return new Contents(tensors, metadata);
    }

    /** A tensor as the header declares it. */
    private record Declared(String name, DType dtype, int[] shape, int elements, long begin, long end) {}

    private static byte[] readExactly(InputStream in, int n, String source) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new CorruptFileException(source + ": the data ends early (truncated file?)");
        }
        return b;
    }

    private static void checkCoverage(List<Declared> byOffset, long dataLength, String source)
            throws CorruptFileException {
        long end = 0;
        for (Declared d : byOffset) {
            if (d.begin() != end) {
                throw new CorruptFileException(
                        source + ": tensor byte ranges " + (d.begin() < end ? "overlap" : "leave a gap") + " at byte "
                                + Math.min(d.begin(), end) + " of the data");
            }
            end = d.end();
        }
        if (end != dataLength) {
            throw new CorruptFileException(source + ": " + (dataLength - end) + " data bytes after the last tensor");
        }
    }

    private static DType dtype(@Nullable Object code, String name, String source) throws CorruptFileException {
        if (!(code instanceof String c)) {
            throw new CorruptFileException(source + ": tensor '" + name + "' has no dtype");
        }
        return switch (c) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            case "BOOL" -> DType.BOOL;
            case "F16" -> DType.FLOAT16;
            case "BF16" -> DType.BFLOAT16;
            case "I16" -> DType.INT16;
            case "I8" -> DType.INT8;
            case "U8" -> DType.UINT8;
            default ->
                throw new CorruptFileException(
                        source + ": tensor '" + name + "' has dtype " + c
                                + ", which Synapse does not load (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        };
    }

    private static String code(DType t) {
        return switch (t) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case INT16 -> "I16";
            case INT8 -> "I8";
            case UINT8 -> "U8";
        };
    }

    private static int[] shape(@Nullable Object v, String name, String source) throws CorruptFileException {
        if (!(v instanceof List<?> l) || l.size() > 32) {
            throw new CorruptFileException(
                    source + ": tensor '" + name + "' has no valid shape (a list of at most 32 sizes)");
        }
        int[] s = new int[l.size()];
        for (int i = 0; i < s.length; i++) {
            if (!(l.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new CorruptFileException(source + ": tensor '" + name + "' has an invalid dimension " + l.get(i));
            }
            s[i] = (int) (long) d;
        }
        return s;
    }

    private static long[] offsets(@Nullable Object v, String name, String source) throws CorruptFileException {
        if (!(v instanceof List<?> l)
                || l.size() != 2
                || !(l.get(0) instanceof Long a)
                || !(l.get(1) instanceof Long b)
                || a < 0
                || b < 0) {
            throw new CorruptFileException(
                    source + ": tensor '" + name + "' needs data_offsets [begin, end] of non-negative integers");
        }
        return new long[] {a, b};
    }

    /**
     * Writes one tensor's little-endian bytes in pieces through one small buffer, so a tensor of more than 2 GiB of
     * bytes is written too and the write needs no second copy of it.
     */
    private static void writeTensor(OutputStream out, Tensor t) throws IOException {
        Object host = hostArray(t);
        int n = java.lang.reflect.Array.getLength(host);
        int width = t.dtype().byteSize();
        ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int per = bb.capacity() / width;
        for (int from = 0; from < n; from += per) {
            int k = Math.min(per, n - from);
            bb.clear();
            switch (t.dtype()) {
                case FLOAT32 -> bb.asFloatBuffer().put((float[]) host, from, k);
                case FLOAT64 -> bb.asDoubleBuffer().put((double[]) host, from, k);
                case INT32 -> bb.asIntBuffer().put((int[]) host, from, k);
                case INT64 -> bb.asLongBuffer().put((long[]) host, from, k);
                case FLOAT16, BFLOAT16, INT16 -> bb.asShortBuffer().put((short[]) host, from, k);
                case INT8, UINT8 -> bb.put((byte[]) host, from, k);
                case BOOL -> {
                    boolean[] v = (boolean[]) host;
                    for (int i = from; i < from + k; i++) {
                        bb.put((byte) (v[i] ? 1 : 0));
                    }
                }
            }
            out.write(bb.array(), 0, k * width);
        }
    }

    private static Object hostArray(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> t.toFloatArray();
            case FLOAT64 -> t.toDoubleArray();
            case INT32 -> t.toIntArray();
            case INT64 -> t.toLongArray();
            case BOOL -> t.toBooleanArray();
            // The stored form: half floats as their bits, uint8 as its bytes.
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> t.backend().toHost(t);
        };
    }

    /** Reads one tensor's little-endian bytes from the stream in pieces, straight into its array. */
    private static Tensor readTensor(InputStream in, Declared d, String source) throws IOException {
        int n = d.elements();
        int width = d.dtype().byteSize();
        Object array = switch (d.dtype()) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
            case FLOAT16, BFLOAT16, INT16 -> new short[n];
            case INT8, UINT8 -> new byte[n];
        };
        byte[] chunk = new byte[(int) Math.min(1 << 16, Math.max(width, (long) n * width))];
        int perChunk = chunk.length / width;
        for (int done = 0; done < n; ) {
            int count = Math.min(perChunk, n - done);
            int bytes = count * width;
            if (in.readNBytes(chunk, 0, bytes) != bytes) {
                throw new CorruptFileException(
                        source + ": tensor '" + d.name() + "': the data ends early (truncated file?)");
            }
            ByteBuffer bb = ByteBuffer.wrap(chunk, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
            switch (d.dtype()) {
                case FLOAT32 -> bb.asFloatBuffer().get((float[]) array, done, count);
                case FLOAT64 -> bb.asDoubleBuffer().get((double[]) array, done, count);
                case INT32 -> bb.asIntBuffer().get((int[]) array, done, count);
                case INT64 -> bb.asLongBuffer().get((long[]) array, done, count);
                case FLOAT16, BFLOAT16, INT16 -> bb.asShortBuffer().get((short[]) array, done, count);
                case INT8, UINT8 -> bb.get((byte[]) array, done, count);
                case BOOL -> {
                    boolean[] v = (boolean[]) array;
                    for (int i = 0; i < count; i++) {
                        byte x = chunk[i];
                        if (x != 0 && x != 1) {
                            throw new CorruptFileException(source + ": tensor '" + d.name()
                                    + "': bool tensor holds byte " + x + " (expected 0 or 1)");
                        }
                        v[done + i] = x == 1;
                    }
                }
            }
            done += count;
        }
        return Tensor.wrap(array, d.dtype(), d.shape());
    }
}
