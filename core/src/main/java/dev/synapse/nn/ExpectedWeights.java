package dev.synapse.nn;

import dev.synapse.tensor.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The weights a model file holds, while the model is rebuilt from its config: each weight a layer
 * creates must take the shape of a tensor of the file not yet taken by another weight, checked
 * before the weight is allocated. A config that implies other or larger weights than the file holds
 * (a 1 KB file whose config asks for gigabytes) thus fails at its first such weight, having
 * allocated nothing for it. Outside {@link #during} nothing is checked.
 */
public final class ExpectedWeights {
    private static final ThreadLocal<Pool> CURRENT = new ThreadLocal<>();

    private ExpectedWeights() {}

    /** The shapes still free, as counts by shape. */
    private record Pool(Map<List<Integer>, Integer> free, int total) {}

    /**
     * Runs {@code build} (a model built from a config) with weights limited to {@code shapes}, the
     * file's tensor shapes; a weight that fits none is an {@link IllegalStateException} from the build.
     */
    public static <T> T during(Collection<int[]> shapes, Supplier<T> build) {
        Map<List<Integer>, Integer> free = new HashMap<>();
        for (int[] s : shapes) {
            free.merge(key(s), 1, Integer::sum);
        }
        Pool outer = CURRENT.get();
        CURRENT.set(new Pool(free, shapes.size()));
        try {
            return build.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Takes a tensor of {@code shape} for a weight about to be created; refuses when none is free. */
    static void claim(String layer, String weight, int[] shape) {
        Pool pool = CURRENT.get();
        if (pool == null) {
            return;
        }
        List<Integer> k = key(shape);
        Integer n = pool.free().get(k);
        if (n == null) {
            long values = 1;
            for (int d : shape) {
                values *= d;
            }
            throw new IllegalStateException(layer + ": the config asks for a weight '" + weight + "' of shape "
                    + Shape.format(shape) + " (" + values + " values), but no further tensor of the file ("
                    + pool.total() + " in all) has that shape; the config and the weights do not belong together");
        }
        if (n == 1) {
            pool.free().remove(k);
        } else {
            pool.free().put(k, n - 1);
        }
    }

    private static List<Integer> key(int[] shape) {
        List<Integer> k = new ArrayList<>(shape.length);
        for (int d : shape) {
            k.add(d);
        }
        return k;
    }
}
