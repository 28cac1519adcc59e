package dev.synapse.backend.cpu;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryOp;

/**
 * Scalar loops over strided runs of bool elements, and the unary ops that int32 and int64 runs compute exactly. The
 * int32 and int64 loops are {@code IntLoops} and {@code LongLoops}, generated from a template.
 */
final class IntegerLoops {
    private IntegerLoops() {}

    /** Logical ops on bool runs. */
    static void bools(
            BinaryOp op, boolean[] a, int ao, int as, boolean[] b, int bo, int bs, boolean[] o, int oo, int os, int n) {
        switch (op) {
            case AND -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] && b[bo + i * bs];
                }
            }
            case OR -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] || b[bo + i * bs];
                }
            }
            case XOR -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] ^ b[bo + i * bs];
                }
            }
            default -> throw new IllegalArgumentException("binary: " + op + " is not a logical op");
        }
    }

    /** True for the unary ops {@code IntLoops.apply} and {@code LongLoops.apply} compute exactly. */
    static boolean exact(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, RELU, CLAMP -> true;
            default -> false;
        };
    }
}
