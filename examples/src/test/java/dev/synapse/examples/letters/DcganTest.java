package dev.synapse.examples.letters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./synapse example dcgan} on Fashion-MNIST (no EMNIST offline): the tutorial's models, loss
 * and optimizers, on 512 pictures in batches of 32, one epoch (16 steps) instead of 500 epochs of
 * batches of 1024. So few steps cannot make clothes; they show that both tapes' updates work: the
 * generator fools the discriminator more (its loss falls), the discriminator tells them apart better
 * (its loss falls), and the pictures drawn from fixed noise change.
 */
@NeedsData
@Slow
class DcganTest {
    private static double mean(List<Double> v, int from, int to) {
        return Dcgan.mean(v, from, to);
    }

    @Test
    void bothLossesFallAndTheGeneratorsPicturesChange() throws Exception {
        Dcgan.Settings s = new Dcgan.Settings(
                "fashion", 512, 1, 32, 1e-4, 5, 0, 16, 1102, Path.of("target", "seed000-test", "dcgan"));
        Dcgan.Result r = Dcgan.run(s);
        int steps = r.generatorLoss().size();
        assertEquals(16, steps);
        for (int i = 0; i < steps; i++) {
            assertTrue(
                    Double.isFinite(r.generatorLoss().get(i))
                            && Double.isFinite(r.discriminatorLoss().get(i)),
                    "losses at step " + i);
        }
        // At the start both sides are at chance: ln 2 for the generator, 2 ln 2 for the discriminator.
        assertEquals(Math.log(2), r.generatorLoss().get(0), 0.1);
        assertEquals(2 * Math.log(2), r.discriminatorLoss().get(0), 0.15);
        double gFirst = mean(r.generatorLoss(), 0, 4);
        double gLast = mean(r.generatorLoss(), steps - 4, steps);
        double dFirst = mean(r.discriminatorLoss(), 0, 4);
        double dLast = mean(r.discriminatorLoss(), steps - 4, steps);
        assertTrue(gLast < gFirst - 0.02, "generator loss " + r.generatorLoss());
        assertTrue(dLast < dFirst - 0.02, "discriminator loss " + r.discriminatorLoss());
        assertEquals(2, r.grids().size());
        Tensor before = r.grids().get(0).pictures();
        Tensor after = r.grids().get(1).pictures();
        assertEquals(List.of(16, 28, 28), List.of(after.dim(0), after.dim(1), after.dim(2)));
        assertTrue(after.abs().max().item() <= 1.0, "tanh output");
        assertTrue(after.sub(before).abs().mean().item() > 0.005, "fixed noise draws other pictures after training");
        assertEquals(
                List.of(
                        s.out().resolve("samples_epoch_000.png"),
                        s.out().resolve("samples_epoch_001.png"),
                        s.out().resolve("synthetic.png")),
                r.files());
        for (Path p : r.files()) {
            assertTrue(Files.size(p) > 0, p.toString());
        }
    }
}
