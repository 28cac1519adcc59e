package dev.synapse.data;

import java.util.function.UnaryOperator;

/** A dataset whose samples pass through a function when read (lazy, as {@code tf.data.Dataset.map}). */
final class MappedDataset implements Dataset {
    private final Dataset source;
    private final UnaryOperator<Sample> f;

    MappedDataset(Dataset source, UnaryOperator<Sample> f) {
        this.source = source;
        this.f = f;
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public Sample get(int index) {
        return f.apply(source.get(index));
    }
}
