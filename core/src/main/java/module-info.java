/**
 * Synapse's core: tensors and their ops, autograd, devices and backends, layers and models, losses,
 * metrics, optimizers, training, model files and data loading. Exports the API packages only: the CPU
 * kernels ({@code dev.synapse.backend.cpu}), the engine's internal access ({@code dev.synapse.internal}) and
 * the model file codec ({@code dev.synapse.io.internal}) stay inside. Backends, the built-in layers and the Keras face of
 * {@code Model} are services, so the lower packages never name the classes that implement them.
 */
module dev.synapse.core {
    // JSpecify's nullness annotations (in the API's signatures): needed to compile, not to run.
    requires static transitive org.jspecify;
    // The CPU kernels' vector loops.
    requires jdk.incubator.vector;
    // BufferedImage (in TensorBoard's image summaries' signatures) and ImageIO.
    requires transitive java.desktop;
    // Per-thread allocated bytes (com.sun.management.ThreadMXBean) for the profiler.
    requires jdk.management;

    exports dev.synapse;
    exports dev.synapse.autograd;
    exports dev.synapse.backend;
    exports dev.synapse.backend.emulated;
    exports dev.synapse.data;
    exports dev.synapse.data.preprocessing;
    exports dev.synapse.data.transforms;
    exports dev.synapse.io;
    exports dev.synapse.losses;
    exports dev.synapse.metrics;
    exports dev.synapse.nn;
    exports dev.synapse.nn.initializers;
    exports dev.synapse.nn.layers;
    exports dev.synapse.nn.regularizers;
    exports dev.synapse.ops;
    exports dev.synapse.optim;
    exports dev.synapse.tensor;
    exports dev.synapse.train;
    exports dev.synapse.train.callbacks;
    exports dev.synapse.train.keras;
    exports dev.synapse.train.loggers;
    exports dev.synapse.train.tensorboard;

    uses dev.synapse.backend.BackendProvider;
    uses dev.synapse.nn.LayerTypes;
    uses dev.synapse.nn.ModelServices;
    uses dev.synapse.nn.ModelFormat;

    provides dev.synapse.backend.BackendProvider with
            dev.synapse.backend.cpu.CpuBackendProvider,
            dev.synapse.backend.emulated.EmulatedBackendProvider;
    provides dev.synapse.nn.LayerTypes with
            dev.synapse.nn.layers.BuiltinLayers;
    provides dev.synapse.nn.ModelServices with
            dev.synapse.train.keras.KerasModelServices;
}
