package dev.synapse.data;

/**
 * Reading, transforming or collating a sample failed while a {@link DataLoader} built a batch
 * (PyTorch's "Caught ... in DataLoader worker process"). The message and the accessors say where:
 * the epoch, the batch of that epoch, and the dataset index of the sample ({@code -1} when the batch's
 * collation failed); the original exception is the cause. The same exception is thrown whatever the
 * number of workers.
 */
public class DataLoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final int index;

    /** A failure of the sample at dataset {@code index} (or {@code -1} for the collation) of one batch. */
    public DataLoaderException(int epoch, int batch, int index, Throwable cause) {
        super(
                "DataLoader: epoch " + epoch + ", batch " + batch + ": "
                        + (index >= 0
                                ? "reading sample " + index + " (dataset index) failed"
                                : "collating the batch failed")
                        + ": " + cause,
                cause);
        this.epoch = epoch;
        this.batch = batch;
        this.index = index;
    }

    /** The epoch being loaded. */
    public int epoch() {
        return epoch;
    }

    /** The batch of that epoch, counted from 0. */
    public int batch() {
        return batch;
    }

    /** The dataset index of the sample whose read or transform failed, or {@code -1} when collating failed. */
    public int index() {
        return index;
    }
}
