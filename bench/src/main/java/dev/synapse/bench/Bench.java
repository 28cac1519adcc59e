package dev.synapse.bench;

import dev.synapse.cli.Programs;

/**
 * Entry point of {@code ./synapse bench NAME [flags]}: looks the benchmark up by name and runs it;
 * {@code ./synapse bench NAME --help} lists its flags.
 */
public final class Bench {
    /** Every benchmark by name. */
    static final Programs PROGRAMS = new Programs("./synapse bench", "benchmarks")
            .add("build", ModelBuildBench::main)
            .add("conv", ConvBench::main)
            .add("dataloader", DataLoaderBench::run)
            .add("device", DeviceTrafficBench::main)
            .add("duel", GemmDuel::main)
            .add("gemm", GemmBench::main)
            .add("profile", ProfileBench::main)
            .add("race", Race::main)
            .add("train", TrainStepBench::main);

    private Bench() {}

    public static void main(String[] args) {
        PROGRAMS.runAndExit(args);
    }
}
