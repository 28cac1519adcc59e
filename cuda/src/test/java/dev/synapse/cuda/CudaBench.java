package dev.synapse.cuda;

import dev.synapse.backend.Backend;
import dev.synapse.backend.Backends;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.Locale;

/**
 * The GPU check's figures (tools/gpu-check.sh runs it on a machine with a GPU): cuBLAS GEMM throughput in float32
 * with and without TF32 and in float64, the bandwidth of the elementwise and reduction kernels, and the CPU's GEMM
 * beside them. Each figure is the best of several runs timed with CUDA events on the stream. Not a unit test.
 */
public final class CudaBench {
    private CudaBench() {}

    public static void main(String[] args) {
        if (!Cuda.isAvailable()) {
            System.out.println(
                    "no GPU: " + Cuda.unavailableReason().lines().findFirst().orElse(""));
            return;
        }
        CudaBackend gpu = Cuda.backend(0);
        Device d = gpu.device();
        System.out.println("device: " + gpu.deviceName());
        for (int n : new int[] {1024, 4096}) {
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (boolean tf32 : t == DType.FLOAT32 ? new boolean[] {false, true} : new boolean[] {false}) {
                    Cuda.setAllowTf32(tf32);
                    Tensor a = Tensor.empty(t, d, n, n);
                    Tensor b = Tensor.empty(t, d, n, n);
                    Tensor c = Tensor.empty(t, d, n, n);
                    double ms = best(gpu, () -> gpu.matmul(a, b, c));
                    print(String.format(
                            Locale.ROOT,
                            "matmul %d^3 %s%s: %.3f ms, %.1f TFLOP/s",
                            n,
                            t,
                            tf32 ? " tf32" : "",
                            ms,
                            2.0 * n * n * n / ms / 1e9));
                    for (Tensor x : new Tensor[] {a, b, c}) {
                        x.storage().release();
                    }
                }
            }
        }
        Cuda.setAllowTf32(false);
        int n = 1 << 26;
        Tensor x = Tensor.empty(DType.FLOAT32, d, n);
        Tensor y = Tensor.empty(DType.FLOAT32, d, n);
        Tensor z = Tensor.empty(DType.FLOAT32, d, n);
        double add = best(gpu, () -> gpu.binary(BinaryOp.ADD, x, y, z));
        print(String.format(Locale.ROOT, "add of 2^26 float32: %.3f ms, %.0f GB/s", add, 12.0 * n / add / 1e6));
        Tensor s = Tensor.empty(DType.FLOAT32, d, 1);
        double sum = best(gpu, () -> gpu.reduce(ReduceOp.SUM, x, new int[] {0}, s));
        print(String.format(Locale.ROOT, "sum of 2^26 float32: %.3f ms, %.0f GB/s", sum, 4.0 * n / sum / 1e6));
        Tensor rows = x.reshape(1 << 16, 1 << 10);
        Tensor rs = Tensor.empty(DType.FLOAT32, d, 1 << 16, 1);
        double rowSum = best(gpu, () -> gpu.reduce(ReduceOp.SUM, rows, new int[] {1}, rs));
        print(String.format(
                Locale.ROOT, "row sums of [2^16, 2^10] float32: %.3f ms, %.0f GB/s", rowSum, 4.0 * n / rowSum / 1e6));
        Backend cpu = Backends.get(Device.CPU);
        Tensor ca = Tensor.zeros(1024, 1024);
        Tensor cc = Tensor.zeros(1024, 1024);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            cpu.matmul(ca, ca, cc);
            best = Math.min(best, System.nanoTime() - t0);
        }
        print(String.format(
                Locale.ROOT,
                "cpu matmul 1024^3 float32: %.3f ms, %.2f TFLOP/s",
                best / 1e6,
                2.0 * 1024 * 1024 * 1024 / best / 1e3));
    }

    private static double best(CudaBackend gpu, Runnable work) {
        work.run();
        gpu.synchronize();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            best = Math.min(best, gpu.time(work));
        }
        return best;
    }

    private static void print(String line) {
        System.out.println(line);
    }
}
