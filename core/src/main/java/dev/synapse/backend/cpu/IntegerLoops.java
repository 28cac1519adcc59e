package dev.synapse.backend.cpu;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryOp;

/**
 * Scalar loops over strided runs of int32, int64 and bool elements. They compute in the element
 * type itself, so int64 values beyond 2^53 keep every bit (the generic path goes through double).
 */
final class IntegerLoops {
    private IntegerLoops() {}

    private static int div(int x, int y) {
        if (y == 0) {
            throw new ArithmeticException("div: integer division by zero");
        }
        return x / y;
    }

    private static long div(long x, long y) {
        if (y == 0) {
            throw new ArithmeticException("div: integer division by zero");
        }
        return x / y;
    }

    /** Integer arithmetic on int runs with any strides (0 for a broadcast value); division truncates toward zero. */
    static void ints(BinaryOp op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] o, int oo, int os, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    int x = a[ao + i * as];
                    int y = b[bo + i * bs];
                    o[oo + i * os] = x + y;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    int x = a[ao + i * as];
                    int y = b[bo + i * bs];
                    o[oo + i * os] = x - y;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    int x = a[ao + i * as];
                    int y = b[bo + i * bs];
                    o[oo + i * os] = x * y;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    int x = a[ao + i * as];
                    int y = b[bo + i * bs];
                    o[oo + i * os] = div(x, y);
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    int x = a[ao + i * as];
                    int y = b[bo + i * bs];
                    o[oo + i * os] = (int) (long) StrictMath.pow(x, y);
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    int x = a[ao + i * as];
                    int y = b[bo + i * bs];
                    o[oo + i * os] = Math.max(x, y);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    int x = a[ao + i * as];
                    int y = b[bo + i * bs];
                    o[oo + i * os] = Math.min(x, y);
                }
            }
            default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
        }
    }

    /** Comparisons of int runs into bool, exact for every value (no detour through double). */
    static void compareInts(
            BinaryOp op, int[] a, int ao, int as, int[] b, int bo, int bs, boolean[] o, int oo, int os, int n) {
        switch (op) {
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] == b[bo + i * bs];
                }
            }
            case NE -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] != b[bo + i * bs];
                }
            }
            case LT -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] < b[bo + i * bs];
                }
            }
            case LE -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] <= b[bo + i * bs];
                }
            }
            case GT -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] > b[bo + i * bs];
                }
            }
            case GE -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] >= b[bo + i * bs];
                }
            }
            default -> throw new IllegalArgumentException("binary: " + op + " is not a comparison of numbers");
        }
    }

    /** Integer arithmetic on long runs with any strides (0 for a broadcast value); division truncates toward zero. */
    static void longs(
            BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs, long[] o, int oo, int os, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    long x = a[ao + i * as];
                    long y = b[bo + i * bs];
                    o[oo + i * os] = x + y;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    long x = a[ao + i * as];
                    long y = b[bo + i * bs];
                    o[oo + i * os] = x - y;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    long x = a[ao + i * as];
                    long y = b[bo + i * bs];
                    o[oo + i * os] = x * y;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    long x = a[ao + i * as];
                    long y = b[bo + i * bs];
                    o[oo + i * os] = div(x, y);
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    long x = a[ao + i * as];
                    long y = b[bo + i * bs];
                    o[oo + i * os] = (long) StrictMath.pow(x, y);
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    long x = a[ao + i * as];
                    long y = b[bo + i * bs];
                    o[oo + i * os] = Math.max(x, y);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    long x = a[ao + i * as];
                    long y = b[bo + i * bs];
                    o[oo + i * os] = Math.min(x, y);
                }
            }
            default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
        }
    }

    /** Comparisons of long runs into bool, exact for every value (no detour through double). */
    static void compareLongs(
            BinaryOp op, long[] a, int ao, int as, long[] b, int bo, int bs, boolean[] o, int oo, int os, int n) {
        switch (op) {
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] == b[bo + i * bs];
                }
            }
            case NE -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] != b[bo + i * bs];
                }
            }
            case LT -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] < b[bo + i * bs];
                }
            }
            case LE -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] <= b[bo + i * bs];
                }
            }
            case GT -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] > b[bo + i * bs];
                }
            }
            case GE -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] >= b[bo + i * bs];
                }
            }
            default -> throw new IllegalArgumentException("binary: " + op + " is not a comparison of numbers");
        }
    }

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

    /** True for the unary ops {@link #longs(UnaryOp, long[], int, int, long[], int, int, int, double, double)} computes exactly. */
    static boolean exact(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, RELU, CLAMP -> true;
            default -> false;
        };
    }

    /** The integer-exact unary ops on int64 runs. */
    static void longs(UnaryOp op, long[] x, int xo, int xs, long[] o, int oo, int os, int n, double p1, double p2) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = -x[xo + i * xs];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.abs(x[xo + i * xs]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Long.signum(x[xo + i * xs]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    long v = x[xo + i * xs];
                    o[oo + i * os] = v * v;
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.max(x[xo + i * xs], 0L);
                }
            }
            case CLAMP -> {
                for (int i = 0; i < n; i++) {
                    long v = x[xo + i * xs];
                    o[oo + i * os] = v < p1 ? (long) p1 : v > p2 ? (long) p2 : v;
                }
            }
            default -> throw new IllegalArgumentException("unary: " + op + " has no exact integer form");
        }
    }

    /** The integer-exact unary ops on int32 runs. */
    static void ints(UnaryOp op, int[] x, int xo, int xs, int[] o, int oo, int os, int n, double p1, double p2) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = -x[xo + i * xs];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.abs(x[xo + i * xs]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Integer.signum(x[xo + i * xs]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    int v = x[xo + i * xs];
                    o[oo + i * os] = v * v;
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.max(x[xo + i * xs], 0);
                }
            }
            case CLAMP -> {
                for (int i = 0; i < n; i++) {
                    int v = x[xo + i * xs];
                    o[oo + i * os] = v < p1 ? (int) (long) p1 : v > p2 ? (int) (long) p2 : v;
                }
            }
            default -> throw new IllegalArgumentException("unary: " + op + " has no exact integer form");
        }
    }
}
