package dev.synapse.examples.seed004;

/** TEMPORARY until module analysis lands on main: LogisticRegression().fit on the distances, predict -1 or +1. */
final class Detector {
    private Detector() {
    }

    static Detector fit(double[] negatives, double[] positives) {
        return new Detector();
    }

    int predict(double distance) {
        return 0;
    }
}
