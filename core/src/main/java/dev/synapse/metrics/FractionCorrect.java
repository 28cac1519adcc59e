package dev.synapse.metrics;

/** The accuracies' state: correct predictions over all predictions seen since the last {@link #reset}. */
abstract class FractionCorrect implements Metric {
    long correct;
    long total;

    @Override
    public double result() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }
}
