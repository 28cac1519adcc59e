package dev.synapse;

import dev.synapse.tensor.Generator;

/** Library-wide settings, as Keras's {@code keras.utils.set_random_seed} and {@code torch.manual_seed}. */
public final class Synapse {
    private Synapse() {}

    /**
     * Seeds the global generator: initial weights, shuffles, dropout and augmentation drawn after this
     * call repeat exactly from run to run on the CPU.
     */
    public static void setSeed(long seed) {
        Generator.global().setSeed(seed);
    }

    /**
     * Restarts automatic layer names ({@code dense}, {@code dense_1}, ...) from scratch, as Keras's
     * {@code keras.backend.clear_session()}; existing layers keep their names.
     */
    public static void clearSession() {
        dev.synapse.nn.Names.clearSession();
    }
}
