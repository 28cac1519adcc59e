/**
 * Synapse's datasets: MNIST, Fashion-MNIST, CIFAR-10, the shipped scikit-learn digits and the readers of their
 * files (IDX, CSV, image folders), downloaded with checksums, or found offline where a package installed them.
 */
module dev.synapse.datasets {
    requires transitive dev.synapse.core;
    // Downloads, only when a dataset is missing and the network is allowed; a Downloader takes an HttpClient.
    requires transitive java.net.http;

    exports dev.synapse.datasets;
}
