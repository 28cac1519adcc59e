package dev.synapse.nn.layers;

import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.Tensor;
import java.util.List;

/**
 * The elementwise merge layers ({@link Add}, {@link Subtract}, {@link Multiply}, {@link Average},
 * {@link Maximum}, {@link Minimum}): several inputs of the same shape (or shapes that broadcast)
 * combined into one, as Keras's {@code Merge} base layer.
 */
public abstract class Merge extends Layer {
    /** A merge layer. */
    protected Merge() {}

    /** Combines two tensors. */
    protected abstract Tensor combine(Tensor a, Tensor b);

    /** The result after combining all inputs left to right; {@link Average} divides. */
    protected Tensor finish(Tensor combined, int count) {
        return combined;
    }

    /** The smallest number of inputs. */
    protected int minInputs() {
        return 2;
    }

    /** The largest number of inputs. */
    protected int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        checkCount(inputShapes.size());
    }

    private void checkCount(int n) {
        if (n < minInputs() || n > maxInputs()) {
            String want = minInputs() == maxInputs() ? "exactly " + minInputs() : "at least " + minInputs();
            throw error("expected " + want + " inputs, got " + n);
        }
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> shapes) {
        checkCount(shapes.size());
        int[] out = shapes.get(0);
        for (int i = 1; i < shapes.size(); i++) {
            out = broadcast(out, shapes.get(i));
        }
        return List.of(out);
    }

    private int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da == 1) {
                out[i] = db;
            } else if (db == 1) {
                out[i] = da;
            } else if (da < 0 || db < 0) {
                out[i] = Math.max(da, db) < 0 ? Shapes.UNKNOWN : Math.max(da, db);
            } else if (da != db) {
                throw error("inputs must have the same shape, got " + Shapes.format(a) + " and " + Shapes.format(b));
            } else {
                out[i] = da;
            }
        }
        return out;
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        checkCount(inputs.size());
        Tensor acc = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            acc = combine(acc, inputs.get(i));
        }
        return List.of(finish(acc, inputs.size()));
    }
}
