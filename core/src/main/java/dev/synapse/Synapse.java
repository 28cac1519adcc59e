package dev.synapse;

import dev.synapse.tensor.Generator;

/** Library-wide settings, as Keras's {@code keras.utils.set_random_seed} and {@code torch.manual_seed}. */
public final class Synapse {
    private Synapse() {
    }

    /**
     * Seeds the global generator: initial weights, shuffles, dropout and augmentation drawn after this
     * call repeat exactly from run to run on the CPU.
     */
    public static void setSeed(long seed) {
        Generator.global().setSeed(seed);
    }
}
