package dev.synapse.nn.regularizers;

import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code l1 * sum(|w|) + l2 * sum(w^2)}: Keras's {@code L1}, {@code L2} and {@code L1L2} (PyTorch has
 * no regularizer objects; its optimizers' {@code weight_decay} is the L2 case folded into the update).
 */
public final class L1L2 implements Regularizer {
    private final double l1;
    private final double l2;
    private final String className;

    /** Both penalties. */
    public L1L2(double l1, double l2) {
        this(l1, l2, "L1L2");
    }

    L1L2(double l1, double l2, String className) {
        if (l1 < 0 || l2 < 0 || Double.isNaN(l1) || Double.isNaN(l2)) {
            throw new IllegalArgumentException(
                    className + ": factors must be non-negative, got l1=" + l1 + " l2=" + l2);
        }
        this.l1 = l1;
        this.l2 = l2;
        this.className = className;
    }

    /** The L1 factor. */
    public double l1() {
        return l1;
    }

    /** The L2 factor. */
    public double l2() {
        return l2;
    }

    @Override
    public Tensor penalty(Tensor w) {
        Tensor p = null;
        if (l1 != 0) {
            p = w.abs().sum().mul(l1);
        }
        if (l2 != 0) {
            Tensor q = w.square().sum().mul(l2);
            p = p == null ? q : p.add(q);
        }
        return p == null ? Tensor.scalarLike(0.0, w.dtype(), w) : p;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!className.equals("L2")) {
            m.put("l1", l1);
        }
        if (!className.equals("L1")) {
            m.put("l2", l2);
        }
        return m;
    }

    @Override
    public String toString() {
        return className + "(l1=" + l1 + ", l2=" + l2 + ")";
    }
}
