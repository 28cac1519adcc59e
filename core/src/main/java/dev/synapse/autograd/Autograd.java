package dev.synapse.autograd;

import dev.synapse.backend.Storage;
import dev.synapse.internal.Profiling;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse-mode engine shared by both faces of autodiff: {@link Tensor#backward()} (PyTorch) and
 * {@link GradientTape#gradient} (TensorFlow). Ops call {@link #record} after computing a result;
 * the engine sorts the recorded graph topologically (iteratively, so deep graphs cannot overflow the
 * stack) and sweeps it once in reverse, summing gradients where a tensor feeds several ops.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * For {@link #record(Tensor, String, Tensor[], BackwardFn, Tensor...)}: a backward rule that reads no tensor's
     * values.
     */
    public static final Tensor[] NOTHING_SAVED = new Tensor[0];

    /**
     * Attaches a backward node to {@code out} when gradients are being recorded and at least one
     * input requires a gradient; otherwise does nothing. Returns {@code out}. The rule is taken to
     * read the values of every input: use {@link #record(Tensor, String, Tensor[], BackwardFn, Tensor...)}
     * to name exactly the tensors it reads.
     */
    public static Tensor record(Tensor out, String op, BackwardFn backward, Tensor... inputs) {
        return record(out, op, inputs, backward, inputs);
    }

    /**
     * As {@link #record(Tensor, String, BackwardFn, Tensor...)}, with {@code saved} the tensors whose
     * values the backward rule reads (PyTorch's {@code save_for_backward}): inputs, {@code out} itself,
     * index tensors, or {@link #NOTHING_SAVED} when the rule needs only shapes. Their storage versions
     * are kept, and the backward pass fails if one of them was modified in place in between.
     */
    public static Tensor record(Tensor out, String op, Tensor[] saved, BackwardFn backward, Tensor... inputs) {
        if (Profiling.on()) {
            Profiling.op(op);
        }
        if (!GradMode.isEnabled()) {
            return out;
        }
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                TensorAccess.get().attachGradFn(out, new Node(op, inputs.clone(), backward, out, nonNull(saved)));
                return out;
            }
        }
        return out;
    }

    private static Tensor[] nonNull(Tensor[] tensors) {
        int n = 0;
        for (Tensor t : tensors) {
            if (t != null) {
                n++;
            }
        }
        if (n == tensors.length) {
            return tensors.clone();
        }
        Tensor[] out = new Tensor[n];
        int k = 0;
        for (Tensor t : tensors) {
            if (t != null) {
                out[k++] = t;
            }
        }
        return out;
    }

    /**
     * PyTorch's {@code loss.backward(grad)}: accumulates d(root)/d(leaf), weighted by {@code grad},
     * into the {@code grad()} of every leaf that requires a gradient.
     *
     * @throws IllegalStateException when a tensor some op saved for its gradient was modified in
     *     place since (no leaf's {@code grad()} is changed then)
     */
    public static void backward(Tensor root, Tensor grad) {
        backward(root, grad, false);
    }

    /**
     * As {@link #backward(Tensor, Tensor)}; the graph's saved tensors are freed as the sweep uses them unless {@code
     * retainGraph} ({@code loss.backward(retain_graph=True)}), after which a second backward through it fails.
     */
    public static void backward(Tensor root, Tensor grad, boolean retainGraph) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Tensor> grads = run(root, grad, null, false, retainGraph, order);
        Set<Storage> shared = retainGraph ? Set.of() : sharedStorages(grads, order, grad);
        for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
            Tensor leaf = e.getKey();
            if (leaf.isLeaf() && leaf.requiresGrad()) {
                Tensor g = e.getValue();
                boolean owned = !retainGraph && wholeStorage(g) && !shared.contains(g.storage());
                TensorAccess.get().accumulateGrad(leaf, g, owned);
            }
        }
    }

    /**
     * The storages a leaf's gradient must not take without a copy: those of the graph's tensors (leaves, inputs and
     * intermediates), of the caller's gradient, and any that two leaf gradients share. Every other leaf gradient was
     * made by the sweep for that leaf alone (PyTorch steals such a gradient by its reference count); the graph's
     * saved tensors, the only other holders, were freed by the sweep.
     */
    private static Set<Storage> sharedStorages(Map<Tensor, Tensor> grads, List<Tensor> order, Tensor grad) {
        Set<Storage> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) {
            shared.add(t.storage());
        }
        if (grad != null) {
            shared.add(grad.storage());
        }
        Set<Storage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor g : grads.values()) {
            if (!seen.add(g.storage())) {
                shared.add(g.storage());
            }
        }
        return shared;
    }

    /** A contiguous tensor that covers its whole storage, so that nothing can reach the storage around it. */
    private static boolean wholeStorage(Tensor g) {
        return g.isContiguous() && g.offset() == 0 && g.storage().size() == g.size();
    }

    /**
     * The gradients of {@code root} (weighted by {@code grad}) with respect to {@code sources}, as
     * {@code torch.autograd.grad}; an entry is {@code null} where a source does not influence the
     * root. Leaves' {@code grad()} are left untouched.
     *
     * @param createGraph record the backward computation too, for higher-order derivatives
     * @throws IllegalStateException when a tensor some op saved for its gradient was modified in place since
     */
    public static Tensor[] grad(Tensor root, Tensor grad, Tensor[] sources, boolean createGraph) {
        return grad(root, grad, sources, createGraph, createGraph);
    }

    /**
     * As {@link #grad(Tensor, Tensor, Tensor[], boolean)}, keeping the graph's saved tensors for another pass when
     * {@code retainGraph} ({@code torch.autograd.grad}'s {@code retain_graph}, which defaults to {@code
     * create_graph}).
     */
    public static Tensor[] grad(Tensor root, Tensor grad, Tensor[] sources, boolean createGraph, boolean retainGraph) {
        Set<Tensor> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        Collections.addAll(wanted, sources);
        Map<Tensor, Tensor> grads = run(root, grad, wanted, createGraph, retainGraph, new ArrayList<>());
        Tensor[] out = new Tensor[sources.length];
        for (int i = 0; i < sources.length; i++) {
            out[i] = grads.get(sources[i]);
        }
        return out;
    }

    /**
     * Runs the reverse sweep. Keeps the gradients of leaves and of {@code wanted} tensors; the
     * gradients of other intermediate tensors are dropped as soon as they are consumed.
     */
    private static Map<Tensor, Tensor> run(
            Tensor root,
            Tensor rootGrad,
            Set<Tensor> wanted,
            boolean createGraph,
            boolean retainGraph,
            List<Tensor> order) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require a gradient and has no graph; "
                    + "mark an input with requiresGrad(true) or watch it on a GradientTape before computing it");
        }
        if (rootGrad == null) {
            rootGrad = Tensor.onesLike(root);
        } else if (!rootGrad.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + rootGrad.shape()
                    + " does not match the output shape " + root.shape());
        }
        order.addAll(topologicalOrder(root));
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, rootGrad);
        GradMode.Scope scope = createGraph ? null : GradMode.noGrad();
        boolean profiled = Profiling.on();
        if (profiled) {
            Profiling.backwardSweep(1);
        }
        try {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Node node = t.gradFn();
                Tensor g = grads.get(t);
                if (node == null || g == null) {
                    continue;
                }
                if (wanted == null || !wanted.contains(t)) {
                    grads.remove(t);
                }
                node.checkSavedVersions();
                Tensor[] inputs = node.inputArray();
                Tensor[] inGrads =
                        profiled ? profiledBackward(node, g) : node.backward().apply(g);
                if (!retainGraph) {
                    node.free();
                }
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    if (in == null || !in.requiresGrad() || inGrads[k] == null) {
                        continue;
                    }
                    Tensor gk = inGrads[k].dtype() == in.dtype() ? inGrads[k] : inGrads[k].to(in.dtype());
                    if (!gk.shape().equals(in.shape())) {
                        throw new IllegalStateException("backward of " + node.op() + ": gradient for input " + k
                                + " has shape " + gk.shape() + " but the input has shape " + in.shape());
                    }
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? gk : prev.add(gk));
                }
            }
        } finally {
            if (profiled) {
                Profiling.backwardSweep(-1);
            }
            if (scope != null) {
                scope.close();
            }
        }
        return grads;
    }

    /** Runs a node's backward function as a profiled event named after its op ({@code matmul backward}). */
    private static Tensor[] profiledBackward(Node node, Tensor g) {
        Profiling.begin(node.backwardName(), ProfileEvent.Kind.BACKWARD);
        try {
            return node.backward().apply(g);
        } finally {
            Profiling.end();
        }
    }

    /** Tensors reachable from {@code root} through recorded nodes, inputs before the ops that use them. */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        // Each frame is a tensor and the index of the next input to visit.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        visited.add(root);
        stack.push(new Object[] {root, 0});
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            Tensor[] inputs = node == null ? new Tensor[0] : node.inputArray();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && visited.add(in)) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
