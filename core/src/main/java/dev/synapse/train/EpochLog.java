package dev.synapse.train;

import dev.synapse.autograd.GradMode;
import dev.synapse.metrics.Metric;
import dev.synapse.ops.AsyncAsserts;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Values logged during one phase of an epoch: weighted means of numbers, and stateful metrics read at the end.
 * Values logged as tensors stay on their device, summed there in float64 (the same operations, in the same order,
 * as the host sums of doubles), and the host reads them, the metrics' states and the pending index checks of each
 * device with one read ({@link #read()}), when the progress bar, a callback or the epoch's end asks.
 */
final class EpochLog {
    /** One logged name: its weighted sum (host and device parts), weight, and first batch with a non-finite value. */
    private static final class Mean {
        double hostSum;

        @Nullable
        Tensor deviceSum;

        double weight;
        int hostFirstNonFinite = -1;
        /** The first batch whose value was not finite, as a float64 scalar; +inf while there is none. */
        @Nullable
        Tensor deviceFirstNonFinite;
    }

    private final Map<String, Mean> means = new LinkedHashMap<>();
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private int batch;
    /** Counts changes, so that a reader can tell whether what it read is still current. */
    private long version;

    /** The batch the next logged values belong to, for {@link Snapshot#firstNonFinite}. */
    void batch(int index) {
        this.batch = index;
    }

    void add(String name, double value, double weight) {
        version++;
        Mean m = means.computeIfAbsent(name, k -> new Mean());
        m.hostSum += value * weight;
        m.weight += weight;
        if (!Double.isFinite(value) && m.hostFirstNonFinite < 0) {
            m.hostFirstNonFinite = batch;
        }
    }

    /** Adds a one-element tensor without reading it: the sum and the non-finite flag are computed on its device. */
    void add(String name, Tensor value, double weight) {
        version++;
        Mean m = means.computeIfAbsent(name, k -> new Mean());
        try (var _ = GradMode.noGrad()) {
            Tensor v = value.detach().reshape().to(DType.FLOAT64);
            Tensor weighted = v.mul(weight);
            m.deviceSum = dev.synapse.tensor.MemoryScope.accumulate(m.deviceSum, weighted);
            // x - x is 0 for a finite x and NaN for NaN and the infinities.
            Tensor nonFinite = v.sub(v).ne(Tensor.scalarLike(0, DType.FLOAT64, v));
            Tensor here = dev.synapse.ops.Arithmetic.where(
                    nonFinite,
                    Tensor.scalarLike(batch, DType.FLOAT64, v),
                    Tensor.scalarLike(Double.POSITIVE_INFINITY, DType.FLOAT64, v));
            if (m.deviceFirstNonFinite == null) {
                m.deviceFirstNonFinite = here.copy().keep();
            } else {
                m.deviceFirstNonFinite.assign(m.deviceFirstNonFinite.minimum(here));
            }
        }
        m.weight += weight;
    }

    void metric(String name, Metric metric) {
        version++;
        metrics.put(name, metric);
    }

    /** Current values, in the order names were first logged. */
    Map<String, Double> values() {
        return read().values();
    }

    /** What one read of the log gives. */
    record Snapshot(Map<String, Double> values, Map<String, Integer> firstNonFinite, long version) {}

    /** Whether {@code s} still holds the log's values: nothing was logged since it was read. */
    boolean isCurrent(Snapshot s) {
        return s.version == version;
    }

    /**
     * Reads every value with one host read per device holding logged tensors, metric states or pending checks
     * ({@link AsyncAsserts}); a failed check throws its error here, before any value is used.
     */
    Snapshot read() {
        Map<Device, List<Tensor>> reads = new LinkedHashMap<>();
        for (Mean m : means.values()) {
            Tensor sum = m.deviceSum;
            Tensor first = m.deviceFirstNonFinite;
            if (sum != null && first != null) {
                List<Tensor> list = reads.computeIfAbsent(sum.device(), d -> new ArrayList<>());
                list.add(sum);
                list.add(first);
            }
        }
        for (Metric metric : metrics.values()) {
            for (Tensor t : metric.resultInputs()) {
                reads.computeIfAbsent(t.device(), d -> new ArrayList<>()).add(t);
            }
        }
        Map<Tensor, Double> read = new java.util.IdentityHashMap<>();
        for (Map.Entry<Device, List<Tensor>> e : reads.entrySet()) {
            readOnce(e.getKey(), e.getValue(), read);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Integer> firstNonFinite = new LinkedHashMap<>();
        for (Map.Entry<String, Mean> e : means.entrySet()) {
            Mean m = e.getValue();
            double sum = m.hostSum;
            int first = m.hostFirstNonFinite;
            if (m.deviceSum != null && m.deviceFirstNonFinite != null) {
                sum += valueOf(read, m.deviceSum);
                double deviceFirst = valueOf(read, m.deviceFirstNonFinite);
                if (deviceFirst < Double.POSITIVE_INFINITY && (first < 0 || deviceFirst < first)) {
                    first = (int) deviceFirst;
                }
            }
            out.put(e.getKey(), sum / m.weight);
            if (first >= 0) {
                firstNonFinite.put(e.getKey(), first);
            }
        }
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            List<Tensor> inputs = e.getValue().resultInputs();
            if (inputs.isEmpty()) {
                out.put(e.getKey(), e.getValue().result());
            } else {
                double[] values = new double[inputs.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = valueOf(read, inputs.get(i));
                }
                out.put(e.getKey(), e.getValue().result(values));
            }
        }
        return new Snapshot(out, firstNonFinite, version);
    }

    private static double valueOf(Map<Tensor, Double> read, Tensor t) {
        return java.util.Objects.requireNonNull(read.get(t), "every logged tensor is read");
    }

    /** Reads the scalars {@code ts} of {@code device} and its pending checks with one host read. */
    private static void readOnce(Device device, List<Tensor> ts, Map<Tensor, Double> into) {
        AsyncAsserts.Taken checks = AsyncAsserts.take(device);
        List<Tensor> all = new ArrayList<>(ts);
        if (checks != null) {
            all.add(checks.failures());
        }
        double[] v;
        try (var _ = GradMode.noGrad()) {
            Tensor[] parts = new Tensor[all.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = all.get(i).to(DType.FLOAT64).reshape(1);
            }
            v = (parts.length == 1 ? parts[0] : Tensor.concat(0, parts)).toDoubleArray();
        } catch (RuntimeException e) {
            if (checks != null) {
                checks.putBack();
            }
            throw e;
        }
        if (checks != null) {
            checks.settle(v[v.length - 1]);
        }
        for (int i = 0; i < ts.size(); i++) {
            into.put(ts.get(i), v[i]);
        }
    }

    /**
     * The current values as a map read when first looked at, then fixed: a batch's logs are mostly not read (the
     * progress bar redraws a few times a second), and reading them is a host synchronisation on a device.
     */
    StepLogs lazyValues() {
        return new StepLogs(this);
    }

    /** Whether reading the log needs no transfer from a device: every logged tensor and metric state is on the CPU. */
    boolean onHost() {
        for (Mean m : means.values()) {
            if (m.deviceSum != null && !m.deviceSum.device().equals(Device.CPU)) {
                return false;
            }
        }
        for (Metric metric : metrics.values()) {
            for (Tensor t : metric.resultInputs()) {
                if (!t.device().equals(Device.CPU)) {
                    return false;
                }
            }
        }
        return true;
    }

    void clear() {
        version++;
        means.clear();
        for (Metric m : metrics.values()) {
            m.reset();
        }
        metrics.clear();
        batch = 0;
    }
}
