package dev.synapse.analysis;

import java.util.Arrays;

/**
 * A quadtree over 2-D points with each cell's point count and centre of mass, for the Barnes-Hut
 * approximation of t-SNE's repulsive forces. Nodes live in flat arrays (no object per node); a
 * leaf holds one point, or several identical ones once cells get too small to split.
 */
final class QuadTree {
    private static final int MAX_DEPTH = 48;

    private double[] cx;
    private double[] cy;
    private double[] half;
    private double[] comX;
    private double[] comY;
    private int[] count;
    private int[] child; // first of four children, or -1 for a leaf
    private int[] point; // a leaf's point, or -1
    private int size;

    QuadTree(double[] y, int n) {
        int cap = Math.max(16, 4 * n);
        cx = new double[cap];
        cy = new double[cap];
        half = new double[cap];
        comX = new double[cap];
        comY = new double[cap];
        count = new int[cap];
        child = new int[cap];
        point = new int[cap];
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        double h = Math.max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-12;
        newNode((minX + maxX) / 2, (minY + maxY) / 2, h);
        for (int i = 0; i < n; i++) {
            insert(i, y[2 * i], y[2 * i + 1], y);
        }
    }

    private int newNode(double x, double yy, double h) {
        if (size == cx.length) {
            int cap = size * 2;
            cx = Arrays.copyOf(cx, cap);
            cy = Arrays.copyOf(cy, cap);
            half = Arrays.copyOf(half, cap);
            comX = Arrays.copyOf(comX, cap);
            comY = Arrays.copyOf(comY, cap);
            count = Arrays.copyOf(count, cap);
            child = Arrays.copyOf(child, cap);
            point = Arrays.copyOf(point, cap);
        }
        cx[size] = x;
        cy[size] = yy;
        half[size] = h;
        comX[size] = 0;
        comY[size] = 0;
        count[size] = 0;
        child[size] = -1;
        point[size] = -1;
        return size++;
    }

    private void insert(int i, double px, double py, double[] y) {
        int node = 0;
        for (int depth = 0; ; depth++) {
            // Running centre of mass of everything below this node.
            count[node]++;
            comX[node] += (px - comX[node]) / count[node];
            comY[node] += (py - comY[node]) / count[node];
            if (child[node] < 0) {
                if (count[node] == 1) {
                    point[node] = i;
                    return;
                }
                int other = point[node];
                boolean same = other >= 0 && y[2 * other] == px && y[2 * other + 1] == py;
                if (same || depth >= MAX_DEPTH) {
                    // Identical points (or a cell too small to split) share the leaf.
                    return;
                }
                split(node);
                if (other >= 0) {
                    int q = quadrant(node, y[2 * other], y[2 * other + 1]);
                    int c = child[node] + q;
                    count[c] = count[node] - 1;
                    comX[c] = y[2 * other];
                    comY[c] = y[2 * other + 1];
                    point[c] = other;
                    point[node] = -1;
                }
            }
            node = child[node] + quadrant(node, px, py);
        }
    }

    private void split(int node) {
        double h = half[node] / 2;
        int first = newNode(cx[node] - h, cy[node] - h, h);
        newNode(cx[node] + h, cy[node] - h, h);
        newNode(cx[node] - h, cy[node] + h, h);
        newNode(cx[node] + h, cy[node] + h, h);
        child[node] = first;
    }

    private int quadrant(int node, double px, double py) {
        return (px >= cx[node] ? 1 : 0) + (py >= cy[node] ? 2 : 0);
    }

    /**
     * Adds to {@code acc} the repulsion on point {@code i} at (px, py): {@code acc[0..1] += sum
     * q^2 (y_i - y_j)}, {@code acc[2] += sum q} with {@code q = 1 / (1 + d^2)}, a cell seen under
     * an angle below {@code theta} counted as its centre of mass.
     */
    void repulsion(int i, double px, double py, double theta, double[] acc, int[] stack) {
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            int cnt = count[node];
            if (cnt == 0) {
                continue;
            }
            double dx = px - comX[node];
            double dy = py - comY[node];
            double d2 = dx * dx + dy * dy;
            boolean leaf = child[node] < 0;
            if (leaf || (2 * half[node]) * (2 * half[node]) < theta * theta * d2) {
                // A leaf holding point i itself contributes its duplicates only (at distance 0: no force).
                int m = leaf && containsPoint(node, i, px, py) ? cnt - 1 : cnt;
                if (m <= 0) {
                    continue;
                }
                double q = 1 / (1 + d2);
                acc[2] += m * q;
                double f = m * q * q;
                acc[0] += f * dx;
                acc[1] += f * dy;
            } else {
                int c = child[node];
                if (top + 4 > stack.length) {
                    throw new IllegalStateException("t-SNE quadtree deeper than expected");
                }
                stack[top++] = c;
                stack[top++] = c + 1;
                stack[top++] = c + 2;
                stack[top++] = c + 3;
            }
        }
    }

    /** Whether point i sits in this leaf (its own point, or one of the identical points sharing it). */
    private boolean containsPoint(int node, int i, double px, double py) {
        return point[node] == i || (comX[node] == px && comY[node] == py);
    }
}
