package dev.synapse.analysis;

/**
 * Limited-memory BFGS for smooth convex objectives (Nocedal and Wright, algorithm 7.4, with a
 * backtracking line search on the Armijo condition). Small and dependency-free: the only user is
 * {@link LogisticRegression}, whose objective is smooth and strictly convex.
 */
final class Lbfgs {
    /** An objective: writes the gradient at {@code x} into {@code grad} and returns the value. */
    interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** The result: the point reached, the iterations taken and whether the gradient test passed. */
    record Result(double[] x, int iterations, boolean converged) {}

    private Lbfgs() {}

    /** Minimizes from {@code x0} until the largest gradient entry is at most {@code tol}, or {@code maxIter} steps. */
    static Result minimize(Objective f, double[] x0, int maxIter, double tol) {
        int n = x0.length;
        int m = 10;
        double[][] s = new double[m][n];
        double[][] y = new double[m][n];
        double[] rho = new double[m];
        double[] alpha = new double[m];
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int stored = 0;
        int head = 0;
        for (int iter = 0; iter < maxIter; iter++) {
            if (maxAbs(g) <= tol) {
                return new Result(x, iter, true);
            }
            // Two-loop recursion: d = -H g.
            System.arraycopy(g, 0, d, 0, n);
            for (int j = 0; j < stored; j++) {
                int i = Math.floorMod(head - 1 - j, m);
                alpha[i] = rho[i] * dot(s[i], d);
                axpy(-alpha[i], y[i], d);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, m);
                double gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
                scale(d, gamma);
            } else {
                // First step: a unit-length move along the gradient.
                scale(d, 1 / Math.max(norm(g), 1e-300));
            }
            for (int j = stored - 1; j >= 0; j--) {
                int i = Math.floorMod(head - 1 - j, m);
                double beta = rho[i] * dot(y[i], d);
                axpy(alpha[i] - beta, s[i], d);
            }
            scale(d, -1);
            double slope = dot(g, d);
            if (slope >= 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                stored = 0;
                System.arraycopy(g, 0, d, 0, n);
                scale(d, -1 / Math.max(norm(g), 1e-300));
                slope = dot(g, d);
            }
            double step = 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int k = 0; k < n; k++) {
                    xNew[k] = x[k] + step * d[k];
                }
                fNew = f.evaluate(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || ++tries > 60) {
                    break;
                }
                step *= 0.5;
            }
            if (tries > 60) {
                return new Result(x, iter, maxAbs(g) <= tol);
            }
            double sy = 0;
            for (int k = 0; k < n; k++) {
                s[head][k] = xNew[k] - x[k];
                y[head][k] = gNew[k] - g[k];
                sy += s[head][k] * y[head][k];
            }
            if (sy > 1e-12 * dot(y[head], y[head])) {
                rho[head] = 1 / sy;
                head = (head + 1) % m;
                stored = Math.min(stored + 1, m);
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
        }
        return new Result(x, maxIter, maxAbs(g) <= tol);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
