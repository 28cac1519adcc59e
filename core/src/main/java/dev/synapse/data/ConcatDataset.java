package dev.synapse.data;

import java.util.Arrays;
import java.util.List;

/** Several datasets one after the other ({@code torch.utils.data.ConcatDataset}). */
final class ConcatDataset implements Dataset {
    private final Dataset[] parts;
    private final int[] starts;
    private final int size;

    ConcatDataset(List<Dataset> parts) {
        this.parts = parts.toArray(Dataset[]::new);
        this.starts = new int[this.parts.length];
        long total = 0;
        for (int i = 0; i < this.parts.length; i++) {
            starts[i] = (int) total;
            total += this.parts[i].size();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("concat: " + total + " samples is more than a dataset can index");
        }
        this.size = (int) total;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of a dataset of " + size + " samples");
        }
        int p = Arrays.binarySearch(starts, index);
        if (p < 0) {
            p = -p - 2;
        }
        // Empty parts share a start with the next part: move to the last part starting here.
        while (p + 1 < starts.length && starts[p + 1] == index) {
            p++;
        }
        return parts[p].get(index - starts[p]);
    }
}
