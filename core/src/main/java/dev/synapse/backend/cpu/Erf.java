package dev.synapse.backend.cpu;

/**
 * The error function and exact GELU in double precision: erf's Maclaurin series below 2.5 (summed
 * by Horner's rule with coefficients computed once from the series' definition) and the continued
 * fraction of erfc (Lentz's method) above, both to about 1e-15.
 */
final class Erf {
    /** Where the series gives way to the continued fraction. */
    private static final double SERIES_LIMIT = 2.5;
    /** Series terms needed below 1 and below {@link #SERIES_LIMIT} for double precision. */
    private static final int TERMS_SMALL = 20;

    private static final int TERMS = 48;
    /** {@code C[n] = 2/sqrt(pi) * (-1)^n / (n! (2n+1))}: erf(x) = sum C[n] x^(2n+1). */
    private static final double[] C = new double[TERMS];

    private static final double INV_SQRT2 = 0.70710678118654752440;

    static {
        double factorial = 1.0;
        for (int n = 0; n < TERMS; n++) {
            if (n > 0) {
                factorial *= n;
            }
            double sign = (n % 2 == 0) ? 1.0 : -1.0;
            C[n] = 2.0 / Math.sqrt(Math.PI) * sign / (factorial * (2 * n + 1));
        }
    }

    private Erf() {}

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x == 0.0) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax > 6.0) {
            return Math.signum(x);
        }
        double r = ax < SERIES_LIMIT ? series(ax) : 1.0 - erfcContinuedFraction(ax);
        return x < 0 ? -r : r;
    }

    /**
     * {@code x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))}; the left tail uses erfc directly, so it does not cancel to 0.
     */
    static double gelu(double x) {
        double z = x * INV_SQRT2;
        if (z <= -SERIES_LIMIT) {
            return 0.5 * x * erfcContinuedFraction(-z);
        }
        return 0.5 * x * (1.0 + erf(z));
    }

    private static double series(double x) {
        double x2 = x * x;
        int n = x < 1.0 ? TERMS_SMALL : TERMS;
        double s = C[n - 1];
        for (int k = n - 2; k >= 0; k--) {
            s = Math.fma(s, x2, C[k]);
        }
        return s * x;
    }

    /** erfc(x) for x >= 2.5. */
    private static double erfcContinuedFraction(double x) {
        if (x > 27.3) {
            return 0.0; // exp(-x^2) underflows
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return StrictMath.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
