package dev.synapse.backend.cpu;

import dev.synapse.backend.FusedUpdate;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates for contiguous float32 weights: one vectorized pass instead of a dozen
 * elementwise ops and their temporaries. The composed tensor-op update in {@code dev.synapse.optim}
 * is the reference these kernels are tested against.
 *
 * <p>Moment and velocity values below {@link Float#MIN_NORMAL} are stored as zero. A weight whose gradient stays zero
 * (a dead relu unit) has its first moment or velocity decay geometrically through the subnormal range for dozens of
 * steps, and x86 cores take a microcode assist of a hundred cycles or more on every subnormal operand or result; the
 * JVM runs with IEEE gradual underflow and cannot set the flush-to-zero mode TensorFlow sets for its CPU threads.
 * Such a value would move its weight by less than {@code 1e-30}.
 */
final class OptimizerKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int GRAIN = 1 << 15;

    private OptimizerKernels() {}

    static boolean update(FusedUpdate step, Tensor w, Tensor g) {
        if (!fits(w, w) || !fits(w, g)) {
            return false;
        }
        for (Tensor s : step.slots()) {
            if (!fits(w, s)) {
                return false;
            }
        }
        float[] wa = (float[]) Elements.array(w);
        float[] ga = (float[]) Elements.array(g);
        int wo = Strided.offset(w);
        int go = Strided.offset(g);
        int n = Strided.size(w);
        switch (step) {
            case FusedUpdate.AdamStep a -> {
                float[] m = (float[]) Elements.array(a.m());
                float[] v = (float[]) Elements.array(a.v());
                float[] vhat = a.amsgrad() ? (float[]) Elements.array(a.vhat()) : null;
                int mo = Strided.offset(a.m());
                int vo = Strided.offset(a.v());
                int ho = a.amsgrad() ? Strided.offset(a.vhat()) : 0;
                Parallel.forRange(
                        n,
                        GRAIN,
                        (from, to) -> adam(
                                wa,
                                wo,
                                ga,
                                go,
                                m,
                                mo,
                                v,
                                vo,
                                vhat,
                                ho,
                                from,
                                to,
                                (float) a.alpha(),
                                (float) a.beta1(),
                                (float) a.beta2(),
                                (float) a.epsilon()));
            }
            case FusedUpdate.SgdMomentumStep s -> {
                float[] vel = (float[]) Elements.array(s.velocity());
                int vo = Strided.offset(s.velocity());
                Parallel.forRange(
                        n,
                        GRAIN,
                        (from, to) -> momentum(
                                wa, wo, ga, go, vel, vo, from, to, (float) s.lr(), (float) s.momentum(), s.nesterov()));
            }
        }
        return true;
    }

    private static boolean fits(Tensor w, Tensor t) {
        return t.dtype() == DType.FLOAT32 && t.isContiguous() && t.shape().equals(w.shape());
    }

    private static void adam(
            float[] w,
            int wo,
            float[] g,
            int go,
            float[] m,
            int mo,
            float[] v,
            int vo,
            float[] vhat,
            int ho,
            int from,
            int to,
            float alpha,
            float b1,
            float b2,
            float eps) {
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        FloatVector c1v = FloatVector.broadcast(FS, c1);
        FloatVector c2v = FloatVector.broadcast(FS, c2);
        int i = from;
        int bound = from + FS.loopBound(to - from);
        for (; i < bound; i += FS.length()) {
            FloatVector gv = FloatVector.fromArray(FS, g, go + i);
            FloatVector mv = FloatVector.fromArray(FS, m, mo + i);
            FloatVector vv = FloatVector.fromArray(FS, v, vo + i);
            mv = flushSubnormal(gv.sub(mv).fma(c1v, mv));
            vv = flushSubnormal(gv.mul(gv).sub(vv).fma(c2v, vv));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            FloatVector second = vv;
            if (vhat != null) {
                second = FloatVector.fromArray(FS, vhat, ho + i).max(vv);
                second.intoArray(vhat, ho + i);
            }
            FloatVector step =
                    mv.div(second.lanewise(VectorOperators.SQRT).add(eps)).mul(alpha);
            FloatVector.fromArray(FS, w, wo + i).sub(step).intoArray(w, wo + i);
        }
        for (; i < to; i++) {
            float gi = g[go + i];
            float mi = flushSubnormal((gi - m[mo + i]) * c1 + m[mo + i]);
            float vi = flushSubnormal((gi * gi - v[vo + i]) * c2 + v[vo + i]);
            m[mo + i] = mi;
            v[vo + i] = vi;
            float second = vi;
            if (vhat != null) {
                second = Math.max(vhat[ho + i], vi);
                vhat[ho + i] = second;
            }
            w[wo + i] -= alpha * (mi / ((float) Math.sqrt(second) + eps));
        }
    }

    private static void momentum(
            float[] w,
            int wo,
            float[] g,
            int go,
            float[] vel,
            int vo,
            int from,
            int to,
            float lr,
            float mu,
            boolean nesterov) {
        int i = from;
        int bound = from + FS.loopBound(to - from);
        for (; i < bound; i += FS.length()) {
            FloatVector gv = FloatVector.fromArray(FS, g, go + i).mul(lr);
            FloatVector vv = flushSubnormal(
                    FloatVector.fromArray(FS, vel, vo + i).mul(mu).sub(gv));
            vv.intoArray(vel, vo + i);
            FloatVector delta = nesterov ? vv.mul(mu).sub(gv) : vv;
            FloatVector.fromArray(FS, w, wo + i).add(delta).intoArray(w, wo + i);
        }
        for (; i < to; i++) {
            float gi = g[go + i] * lr;
            float vi = flushSubnormal(vel[vo + i] * mu - gi);
            vel[vo + i] = vi;
            w[wo + i] += nesterov ? vi * mu - gi : vi;
        }
    }

    /** {@code x}, with the lanes whose magnitude is below {@link Float#MIN_NORMAL} (subnormals) set to zero. */
    private static FloatVector flushSubnormal(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }

    private static float flushSubnormal(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
}
