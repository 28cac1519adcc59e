package dev.synapse.data;

/** The samples of another dataset at given indices ({@code torch.utils.data.Subset}). */
final class SubsetDataset implements Dataset {
    private final Dataset source;
    private final int[] indices;

    SubsetDataset(Dataset source, int[] indices) {
        int n = source.size();
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(
                        "subset: index " + i + " is outside a dataset of " + n + " samples");
            }
        }
        this.source = source;
        this.indices = indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= indices.length) {
            throw new IndexOutOfBoundsException("index " + index + " of a subset of " + indices.length + " samples");
        }
        return source.get(indices[index]);
    }
}
