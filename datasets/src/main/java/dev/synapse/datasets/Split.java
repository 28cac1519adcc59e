package dev.synapse.datasets;

/** Which part of a dataset: the training set or the test set ({@code train=True/False}). */
public enum Split {
    /** The training set. */
    TRAIN,
    /** The test set. */
    TEST
}
