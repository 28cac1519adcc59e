package dev.synapse.interop.torch;

import dev.synapse.io.CorruptFileException;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code torch.save} file: a zip of {@code <archive>/data.pkl} (the pickled state_dict, whose tensors name
 * their storages by persistent id), {@code <archive>/data/<key>} (each storage's raw little-endian bytes), {@code
 * byteorder} and {@code version}. The archive folder's name is whatever the saved file was called.
 */
final class PtFile {
    /** A state_dict's pickle is names and small tuples; one this large is not one. */
    static final long MAX_PICKLE_BYTES = 64L << 20;

    private PtFile() {}

    static Map<String, Tensor> read(Path path) throws IOException {
        String file = path.toString();
        try (TorchZip zip = TorchZip.open(path)) {
            String prefix = null;
            for (String name : zip.entries().keySet()) {
                int slash = name.indexOf('/');
                if (slash > 0 && name.substring(slash).equals("/data.pkl")) {
                    if (prefix != null) {
                        throw new CorruptFileException(
                                file + ": two data.pkl entries ('" + prefix + "/data.pkl', '" + name + "')");
                    }
                    prefix = name.substring(0, slash);
                }
            }
            if (prefix == null) {
                throw new CorruptFileException(file + ": no <archive>/data.pkl entry (not a torch.save file; the"
                        + " legacy non-zip format of torch < 1.6 is not read)");
            }
            TorchZip.Entry byteorder = zip.entries().get(prefix + "/byteorder");
            if (byteorder != null) {
                String order = byteorder.size() <= 16
                        ? new String(zip.read(byteorder), StandardCharsets.US_ASCII)
                        : "(" + byteorder.size() + " bytes)";
                if (!order.equals("little")) {
                    throw new CorruptFileException(file + ": entry '" + byteorder.name() + "' says '" + order
                            + "'; only little-endian is read");
                }
            }
            String pklName = prefix + "/data.pkl";
            TorchZip.Entry pkl = Objects.requireNonNull(zip.entries().get(pklName));
            if (pkl.size() > MAX_PICKLE_BYTES) {
                throw new CorruptFileException(file + ": entry '" + pklName + "' of " + pkl.size()
                        + " bytes is larger than a state_dict's pickle (" + MAX_PICKLE_BYTES + ")");
            }
            String where = file + ": entry '" + pklName + "'";
            Object top = TorchPickle.load(zip.read(pkl), where);
            if (!(top instanceof Map<?, ?> dict)) {
                throw new CorruptFileException(where + ": holds a "
                        + top.getClass().getSimpleName() + ", not a state_dict (a dict of tensors)");
            }
            Map<String, byte[]> storages = new HashMap<>();
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof TorchPickle.TensorRef t)) {
                    throw new CorruptFileException(where + ": entry " + e.getKey()
                            + " is not a name and a tensor (only flat state_dicts are read)");
                }
                byte[] storage = storages.get(t.storage.key());
                if (storage == null) {
                    storage = readStorage(zip, prefix, t.storage, file);
                    storages.put(t.storage.key(), storage);
                }
                out.put(
                        key,
                        TensorBytes.gather(
                                storage,
                                t.storage.dtype(),
                                t.offset,
                                t.size,
                                t.stride,
                                where + ", tensor '" + key + "'"));
            }
            return out;
        }
    }

    private static byte[] readStorage(TorchZip zip, String prefix, TorchPickle.Storage s, String file)
            throws IOException {
        String name = prefix + "/data/" + s.key();
        TorchZip.Entry e = zip.entries().get(name);
        if (e == null) {
            throw new CorruptFileException(
                    file + ": the pickle names storage '" + s.key() + "' but there is no entry '" + name + "'");
        }
        long bytes = s.numel() * s.dtype().byteSize();
        if (s.numel() > Integer.MAX_VALUE || e.size() != bytes) {
            throw new CorruptFileException(file + ": entry '" + name + "' holds " + e.size() + " bytes, but the pickle"
                    + " declares " + s.numel() + " elements of " + s.dtype() + " (" + bytes + " bytes)");
        }
        return zip.read(e);
    }

    /** Writes {@code tensors} as {@code torch.save(OrderedDict)} does, each tensor in its own storage. */
    static void write(OutputStream out, Map<String, Tensor> tensors) throws IOException {
        write(out, tensors, TorchZip.ZIP64_ABOVE);
    }

    /** As {@link #write(OutputStream, Map)}, offsets from {@code zip64Above} on in zip64 records. */
    static void write(OutputStream out, Map<String, Tensor> tensors, long zip64Above) throws IOException {
        String prefix = "archive";
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
        List<Map.Entry<String, byte[]>> data = new ArrayList<>();
        PickleWriter p = new PickleWriter();
        p.stateDict(tensors, (key, t) -> data.add(Map.entry(prefix + "/data/" + key, TensorBytes.toBytes(t))));
        entries.add(Map.entry(prefix + "/data.pkl", p.bytes()));
        entries.add(Map.entry(prefix + "/.format_version", ascii("1")));
        entries.add(Map.entry(prefix + "/.storage_alignment", ascii(String.valueOf(TorchZip.ALIGNMENT))));
        entries.add(Map.entry(prefix + "/byteorder", ascii("little")));
        entries.addAll(data);
        entries.add(Map.entry(prefix + "/version", ascii("3\n")));
        TorchZip.write(out, entries, zip64Above);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A protocol-2 pickle of exactly the opcodes and globals that {@code torch.load(weights_only=True)} accepts. */
    private static final class PickleWriter {
        interface StorageSink {
            void add(String key, Tensor t);
        }

        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        void stateDict(Map<String, Tensor> tensors, StorageSink sink) {
            b.write(0x80);
            b.write(2);
            global("collections", "OrderedDict");
            b.write(')');
            b.write('R');
            b.write('(');
            int key = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                String storageKey = String.valueOf(key++);
                sink.add(storageKey, t);
                string(e.getKey());
                global("torch._utils", "_rebuild_tensor_v2");
                b.write('(');
                b.write('('); // the persistent id ('storage', torch.XStorage, key, 'cpu', numel)
                string("storage");
                global("torch", storageName(t.dtype()));
                string(storageKey);
                string("cpu");
                integer(t.size());
                b.write('t');
                b.write('Q');
                integer(0);
                int[] dims = t.dims();
                long[] strides = new long[dims.length];
                long s = 1;
                for (int i = dims.length - 1; i >= 0; i--) {
                    strides[i] = s;
                    s *= dims[i];
                }
                b.write('(');
                for (int d : dims) {
                    integer(d);
                }
                b.write('t');
                b.write('(');
                for (long st : strides) {
                    integer(st);
                }
                b.write('t');
                b.write(0x89); // requires_grad False
                global("collections", "OrderedDict");
                b.write(')');
                b.write('R'); // backward hooks: an empty OrderedDict
                b.write('t');
                b.write('R');
            }
            b.write('u');
            b.write('.');
        }

        byte[] bytes() {
            return b.toByteArray();
        }

        private void global(String module, String name) {
            b.writeBytes(("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        private void string(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            b.write('X');
            b.writeBytes(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(u.length)
                    .array());
            b.writeBytes(u);
        }

        private void integer(long v) {
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                b.write('J');
                b.writeBytes(ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt((int) v)
                        .array());
            } else {
                b.write(0x8a);
                b.write(8);
                b.writeBytes(ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(v)
                        .array());
            }
        }

        private static String storageName(DType t) {
            return switch (t) {
                case FLOAT32 -> "FloatStorage";
                case FLOAT64 -> "DoubleStorage";
                case FLOAT16 -> "HalfStorage";
                case BFLOAT16 -> "BFloat16Storage";
                case INT64 -> "LongStorage";
                case INT32 -> "IntStorage";
                case INT16 -> "ShortStorage";
                case INT8 -> "CharStorage";
                case UINT8 -> "ByteStorage";
                case BOOL -> "BoolStorage";
            };
        }
    }
}
