package dev.synapse.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Entry point of {@code ./synapse bench NAME}: looks the benchmark up by name and runs it. */
public final class Bench {
    private static final Map<String, Consumer<String[]>> BENCHMARKS = new TreeMap<>();
    static { BENCHMARKS.put("conv", ConvBench::main); }

    static {
        BENCHMARKS.put("dataloader", DataLoaderBench::run);
        BENCHMARKS.put("gemm", GemmBench::main);
        BENCHMARKS.put("train", TrainStepBench::main);
    }

    private Bench() {
    }

    public static void main(String[] args) {
        String name = args.length == 0 ? "list" : args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        Consumer<String[]> b = BENCHMARKS.get(name);
        if (b == null) {
            if (!name.equals("list")) {
                System.err.println("unknown benchmark '" + name + "'");
            }
            System.out.println("benchmarks: " + String.join(", ", BENCHMARKS.keySet()));
            if (!name.equals("list")) {
                System.exit(2);
            }
            return;
        }
        b.accept(rest);
    }
}
