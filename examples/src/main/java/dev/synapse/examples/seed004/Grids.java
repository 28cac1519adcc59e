package dev.synapse.examples.seed004;

import dev.synapse.tensor.Tensor;

/** TEMPORARY until module viz lands on main: stands in for make_grid with the first picture alone. */
final class Grids {
    private Grids() {
    }

    static Tensor makeGrid(Tensor images, int columns) {
        Tensor first = images.select(0, 0);
        double lo = first.min().item();
        double hi = first.max().item();
        return first.sub(lo).div(Math.max(1e-12, hi - lo)).reshape(first.dim(0), first.dim(1), 1);
    }
}
