package dev.synapse.interop.keras;

import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The weights of Keras's HDF5 files, read and written with jHDF: {@code layers/<path>/vars/<i>} in a
 * {@code .keras} file's {@code model.weights.h5}, {@code model_weights/<layer>/<weight name>} listed by
 * the {@code weight_names} attribute in a legacy {@code .h5}. Every dataset is checked before it is read:
 * a float32 or float64 type, a bounded element count and a byte size the file can hold.
 */
final class Hdf5Weights {
    /** A compressed dataset may inflate; no Keras weight file compresses more than this. */
    private static final long MAX_INFLATION = 256;

    private Hdf5Weights() {}

    /** The tensors of one layer of a {@code .keras} weights file, {@code vars/0} to {@code vars/n-1}. */
    static List<Tensor> kerasVars(HdfFile h5, String path, long fileSize) {
        // Keras reads a missing group as a layer without variables, and writes none for such layers.
        Node layer = child(h5, "layers");
        for (String part : path.split("/")) {
            layer = layer instanceof Group g ? child(g, part) : null;
        }
        Node vars = layer instanceof Group g ? child(g, "vars") : null;
        List<Tensor> out = new ArrayList<>();
        if (!(vars instanceof Group group)) {
            return out;
        }
        List<Dataset> datasets = numbered(group, "layers/" + path + "/vars");
        for (int i = 0; i < datasets.size(); i++) {
            out.add(read(datasets.get(i), fileSize, "layers/" + path + "/vars/" + i));
        }
        return out;
    }

    /** The datasets {@code 0} to {@code n-1} of a group of {@code n} numbered entries ({@code where} names it). */
    private static List<Dataset> numbered(Group group, String where) {
        int n = group.getChildren().size();
        List<Dataset> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!(child(group, Integer.toString(i)) instanceof Dataset ds)) {
                throw new IllegalArgumentException(
                        "'" + where + "' holds " + n + " entries but no dataset '" + i + "'");
            }
            out.add(ds);
        }
        return out;
    }

    /**
     * The dataset at path {@code name} (as listed in a {@code weight_names} attribute) under {@code group}; {@code kind}
     * and {@code shown} name it in errors.
     */
    private static Dataset listed(Group group, String name, String kind, String shown) {
        KerasConfigs.checkName(name, kind);
        Node n = group;
        for (String part : name.split("/")) {
            n = n instanceof Group gg ? child(gg, part) : null;
        }
        if (!(n instanceof Dataset ds)) {
            throw new IllegalArgumentException(
                    kind + " '" + shown + "' listed in weight_names is not a dataset of the file");
        }
        return ds;
    }

    /** The tensors of one layer of a legacy {@code .h5} file, in the order of its {@code weight_names}. */
    static List<Tensor> legacyVars(Group modelWeights, String layer, long fileSize) {
        Node g = child(modelWeights, layer);
        List<Tensor> out = new ArrayList<>();
        if (!(g instanceof Group group)) {
            return out;
        }
        for (String name : strings(group, "weight_names")) {
            out.add(read(listed(group, name, "weight", layer + "/" + name), fileSize, layer + "/" + name));
        }
        return out;
    }

    /**
     * The variables of a {@code .keras} file's optimizer, {@code optimizer/vars/0} to {@code n-1} (Keras's
     * {@code optimizer.variables}: the iteration count and learning rate as scalars, then the slots); empty when the
     * file holds none.
     */
    static List<Tensor> optimizerVars(HdfFile h5, long fileSize) {
        Node optimizer = child(h5, "optimizer");
        Node vars = optimizer instanceof Group g ? child(g, "vars") : null;
        List<Tensor> out = new ArrayList<>();
        if (!(vars instanceof Group group)) {
            return out;
        }
        List<Dataset> datasets = numbered(group, "optimizer/vars");
        for (int i = 0; i < datasets.size(); i++) {
            out.add(optimizerVar(datasets.get(i), fileSize, "optimizer/vars/" + i));
        }
        return out;
    }

    /**
     * The variables of a legacy {@code .h5} file's optimizer, in the order of the {@code weight_names} of its
     * {@code optimizer_weights} group; empty when the file holds none.
     */
    static List<Tensor> legacyOptimizerVars(HdfFile h5, long fileSize) {
        Node weights = child(h5, "optimizer_weights");
        List<Tensor> out = new ArrayList<>();
        if (!(weights instanceof Group group)) {
            return out;
        }
        for (String name : strings(group, "weight_names")) {
            out.add(optimizerVar(listed(group, name, "optimizer weight", name), fileSize, "optimizer_weights/" + name));
        }
        return out;
    }

    /** A scalar (the iteration count, an integer, or the learning rate) as a float64 scalar, else a weight. */
    private static Tensor optimizerVar(Dataset ds, long fileSize, String where) {
        if (!ds.isScalar()) {
            return read(ds, fileSize, where);
        }
        if (!(ds.getData() instanceof Number value)) {
            throw new IllegalArgumentException(where + ": a scalar optimizer variable must be a number, got "
                    + ds.getDataType().getClass().getSimpleName());
        }
        return Tensor.scalar(value.doubleValue(), dev.synapse.tensor.DType.FLOAT64);
    }

    /** A string attribute, or null. */
    static @Nullable String string(Node node, String name) {
        Attribute a = node.getAttributes().get(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("attribute '" + name + "' should be a string");
        }
        return s;
    }

    /** A string-list attribute; empty when absent. */
    static List<String> strings(Node node, String name) {
        Attribute a = node.getAttributes().get(name);
        if (a == null) {
            return List.of();
        }
        Object v = a.getData();
        if (v == null || a.isEmpty() || (v.getClass().isArray() && Array.getLength(v) == 0)) {
            return List.of(); // h5py writes an empty list as an empty numeric array
        }
        if (!(v instanceof String[] s)) {
            throw new IllegalArgumentException("attribute '" + name + "' of '" + node.getPath()
                    + "' should be a list of strings, got " + v.getClass().getSimpleName());
        }
        return List.of(s);
    }

    static @Nullable Node child(Group g, String name) {
        Map<String, Node> children = g.getChildren();
        return children.get(name);
    }

    /** One dataset as a tensor, its type and size checked before anything is allocated. */
    private static Tensor read(Dataset ds, long fileSize, String where) {
        if (!(ds.getDataType() instanceof FloatingPoint fp) || (fp.getSize() != 4 && fp.getSize() != 8)) {
            throw new IllegalArgumentException(where + ": weights must be float32 or float64, the dataset is "
                    + ds.getDataType().getClass().getSimpleName() + " of "
                    + ds.getDataType().getSize() + " bytes");
        }
        int[] dims = ds.getDimensions();
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(where + ": negative dimension in " + Shape.format(dims));
            }
            n = Math.multiplyExact(n, (long) d);
        }
        if (n > Shape.MAX_ELEMENTS) {
            throw new IllegalArgumentException(where + ": " + n + " elements is more than a tensor holds");
        }
        long bytes = n * fp.getSize();
        long limit = ds.getFilters().isEmpty() ? fileSize : fileSize * MAX_INFLATION;
        if (bytes > limit) {
            throw new IllegalArgumentException(where + ": " + Shape.format(dims) + " needs " + bytes
                    + " bytes, more than a file of " + fileSize + " bytes can hold");
        }
        if (dims.length == 0) {
            throw new IllegalArgumentException(where + ": a scalar dataset is not a layer weight");
        }
        Object flat = ds.getDataFlat();
        if (fp.getSize() == 4 && flat instanceof float[] f && f.length == n) {
            return Tensor.wrap(f, dims);
        }
        if (fp.getSize() == 8 && flat instanceof double[] d && d.length == n) {
            return Tensor.wrap(d, dims);
        }
        throw new IllegalArgumentException(where + ": the dataset's data do not match its shape " + Shape.format(dims));
    }

    /** Writes a {@code .keras} weights file: a {@code layers/<path>/vars} group per layer that
     * has weights, a path of a nested model's layer being {@code <model path>/layers/<layer path>}. Keras reads a
     * missing group as a layer without variables, and jHDF 0.13 writes some empty groups in a form that neither it
     * nor h5py reads back, so no empty group is written. */
    static void writeKeras(
            Path file, List<String> paths, List<List<Tensor>> weights, KerasCompileWriter.@Nullable Saved optimizer) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            Map<String, WritableGroup> groups = new java.util.HashMap<>();
            for (int i = 0; i < paths.size(); i++) {
                List<Tensor> ts = weights.get(i);
                if (ts.isEmpty()) {
                    continue;
                }
                WritableGroup vars = group(h5, groups, "layers/" + paths.get(i) + "/vars");
                for (int j = 0; j < ts.size(); j++) {
                    vars.putDataset(Integer.toString(j), nested(ts.get(j)));
                }
            }
            if (optimizer != null) {
                // Keras's optimizer.variables: the iteration as int64, the learning rate as float32, then the slots.
                WritableGroup vars = group(h5, groups, "optimizer/vars");
                vars.putDataset("0", optimizer.iteration());
                vars.putDataset("1", (float) optimizer.learningRate());
                List<Tensor> slots = optimizer.slots();
                for (int j = 0; j < slots.size(); j++) {
                    vars.putDataset(Integer.toString(j + 2), nested(slots.get(j)));
                }
            }
        }
    }

    /** The group at {@code path}, made with the groups above it unless made before. */
    private static WritableGroup group(WritableHdfFile h5, Map<String, WritableGroup> made, String path) {
        WritableGroup known = made.get(path);
        if (known != null) {
            return known;
        }
        int slash = path.lastIndexOf('/');
        WritableGroup parent = slash < 0 ? null : group(h5, made, path.substring(0, slash));
        String name = path.substring(slash + 1);
        WritableGroup g = parent == null ? h5.putGroup(name) : parent.putGroup(name);
        made.put(path, g);
        return g;
    }

    /** The nested Java array jHDF writes for a tensor of any rank. */
    private static Object nested(Tensor t) {
        int[] dims = t.dims();
        boolean dbl = t.dtype() == dev.synapse.tensor.DType.FLOAT64;
        Object flat = dbl ? t.toDoubleArray() : t.toFloatArray();
        Object out = Array.newInstance(dbl ? double.class : float.class, dims);
        fill(out, flat, dims, 0, 0);
        return out;
    }

    private static int fill(Object target, Object flat, int[] dims, int axis, int offset) {
        int n = dims[axis];
        if (axis == dims.length - 1) {
            System.arraycopy(flat, offset, target, 0, n);
            return offset + n;
        }
        int o = offset;
        for (int i = 0; i < n; i++) {
            o = fill(Array.get(target, i), flat, dims, axis + 1, o);
        }
        return o;
    }
}
