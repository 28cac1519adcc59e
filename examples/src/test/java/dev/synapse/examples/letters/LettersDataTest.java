package dev.synapse.examples.letters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synapse.datasets.DatasetException;
import dev.synapse.datasets.Emnist;
import dev.synapse.datasets.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LettersDataTest {
    @Test
    void missingEmnistNamesTheStandInsTheProgramsAccept() {
        DatasetException missing =
                new DatasetException("emnist: could not get gzip.zip.\nDownload it by hand from https://example");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> LettersData.emnist(
                        () -> {
                            throw missing;
                        },
                        1));
        assertSame(missing, e.getCause());
        assertTrue(e.getMessage().startsWith(missing.getMessage()), "keeps how to get EMNIST: " + e.getMessage());
        assertStandInsAreAccepted(e.getMessage());
    }

    /** Offline, with an empty cache: the real downloader's message, then the stand-ins. */
    @Test
    void offlineLettersSayHowToGetEmnistAndWhatElseRuns(@TempDir Path home) {
        assumeTrue(Emnist.ARCHIVE.installed().stream().noneMatch(Files::exists), "EMNIST is installed on this machine");
        String oldHome = System.getProperty("synapse.home");
        String oldOffline = System.getProperty("synapse.offline");
        System.setProperty("synapse.home", home.toString());
        System.setProperty("synapse.offline", "true");
        try {
            DatasetException e = assertThrows(DatasetException.class, () -> LettersData.letters("emnist", Split.TRAIN));
            assertTrue(e.getMessage().contains("https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip"), e.getMessage());
            assertStandInsAreAccepted(e.getMessage());
        } finally {
            restore("synapse.home", oldHome);
            restore("synapse.offline", oldOffline);
        }
    }

    /** The message offers every letters and digits source but EMNIST itself, each as a flag the programs take. */
    private static void assertStandInsAreAccepted(String message) {
        Set<String> offered = new TreeSet<>();
        Matcher m = Pattern.compile("--(dataset|digits) ([a-z0-9-]+)").matcher(message);
        while (m.find()) {
            offered.add(m.group());
        }
        Set<String> expected = new TreeSet<>();
        Arrays.stream(LettersData.LETTER_SOURCES)
                .filter(x -> !x.equals("emnist"))
                .forEach(x -> expected.add("--dataset " + x));
        Arrays.stream(LettersData.DIGIT_SOURCES)
                .filter(x -> !x.equals("emnist"))
                .forEach(x -> expected.add("--digits " + x));
        assertEquals(expected, offered, message);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
