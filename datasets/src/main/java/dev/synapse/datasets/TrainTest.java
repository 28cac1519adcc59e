package dev.synapse.datasets;

/**
 * A dataset's training and test sets, as Keras's {@code (x_train, y_train), (x_test, y_test) = load_data()}.
 *
 * @param train the training set
 * @param test the test set
 */
public record TrainTest(ImageDataset train, ImageDataset test) {}
