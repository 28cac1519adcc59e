package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where {@link LocalCluster} looks for the master's web UI when Spark had to move it off the port it was given. */
class LocalClusterUiPortTest {
    @Test
    void theGivenPortWhenTheLogSaysNothingOfIt() {
        String log = "03:29:56 WARN NativeCodeLoader: Unable to load native-hadoop library for your platform\n";
        assertEquals(34317, LocalCluster.masterUiPort(log, 34317));
        assertEquals(34317, LocalCluster.masterUiPort("", 34317));
    }

    @Test
    void thePortSparkMovedTheUiTo() {
        // As a master wrote it when a worker had taken its UI port first.
        String log = "03:29:56 WARN NativeCodeLoader: Unable to load native-hadoop library for your platform...\n"
                + "03:29:59 WARN Utils: Service 'MasterUI' could not bind on port 34317. Attempting port 34318.\n";
        assertEquals(34318, LocalCluster.masterUiPort(log, 34317));
    }

    @Test
    void theLastMoveWhenSparkMovedItMoreThanOnce() {
        String log = "WARN Utils: Service 'MasterUI' could not bind on port 34317. Attempting port 34318.\n"
                + "WARN Utils: Service 'MasterUI' could not bind on port 34318. Attempting port 34319.\n";
        assertEquals(34319, LocalCluster.masterUiPort(log, 34317));
    }

    @Test
    void otherServicesMovingDoNotCount() {
        String log = "WARN Utils: Service 'sparkMaster' could not bind on port 7077. Attempting port 7078.\n"
                + "WARN Utils: Service 'WorkerUI' could not bind on port 40001. Attempting port 40002.\n";
        assertEquals(34317, LocalCluster.masterUiPort(log, 34317));
    }
}
