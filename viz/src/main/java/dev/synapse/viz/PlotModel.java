package dev.synapse.viz;

import dev.synapse.nn.Model;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A diagram of a model's layer graph, top to bottom, each box naming the layer, its type and (by
 * default) its input and output shapes ({@code keras.utils.plot_model(model, "model.png",
 * show_shapes=True)}). Works for {@code Sequential} and functional models with several inputs,
 * branches and merges.
 *
 * <pre>{@code
 * PlotModel.of(model).save("out/model.png");     // also .svg, or .dot / .gv for Graphviz
 * String dot = PlotModel.of(model).toDot();
 * }</pre>
 *
 * <p>The PNG and SVG are laid out here (layers by longest path from the inputs, long edges routed
 * through the ranks between, order within a rank by the barycentre of the neighbours), so no
 * Graphviz installation is needed; the DOT text is there for those who want Graphviz's own layout.
 */
public final class PlotModel implements Picture {
    private static final Color HEADER = new Color(0xdbe8f5);
    private static final Color BORDER = new Color(0x35618f);
    private static final int PAD = 10;
    private static final int H_GAP = 36;
    private static final int V_GAP = 46;
    private static final int MARGIN = 24;

    private final ModelGraph graph;
    private boolean showShapes = true;
    private final Font titleFont = new Font(ChartStyle.FONT, Font.BOLD, 15);
    private final Font shapeFont = new Font(ChartStyle.FONT, Font.PLAIN, 13);

    private PlotModel(Model model) {
        this.graph = ModelGraph.of(model);
    }

    /** The diagram of {@code model}. */
    public static PlotModel of(Model model) {
        return new PlotModel(model);
    }

    /**
     * {@code keras.utils.plot_model(model, to_file, show_shapes=True)}: writes PNG, SVG or DOT by the file's extension.
     */
    public static Path plotModel(Model model, Path file) {
        return of(model).save(file);
    }

    /** Shows the input and output shapes in each box ({@code show_shapes}; on by default). */
    public PlotModel showShapes(boolean on) {
        showShapes = on;
        return this;
    }

    /** Writes {@code .png}, {@code .svg}, or {@code .dot}/{@code .gv} text, by the file's extension. */
    @Override
    public Path save(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return Png.write(toImage(), file);
        }
        String text;
        if (name.endsWith(".svg")) {
            text = toSvg();
        } else if (name.endsWith(".dot") || name.endsWith(".gv")) {
            text = toDot();
        } else {
            throw new IllegalArgumentException(
                    "PlotModel: cannot tell the format of '" + file.getFileName() + "'; use .png, .svg, .dot or .gv");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return PictureFiles.write(file, out -> out.write(bytes));
    }

    // ---- DOT -------------------------------------------------------------------------------------

    /** The graph in Graphviz's DOT language: record-shaped nodes, one edge per tensor passed on. */
    public String toDot() {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph \"").append(dotEscape(graph.name())).append("\" {\n");
        sb.append("  graph [rankdir=TB, nodesep=0.4, ranksep=0.5];\n");
        sb.append("  node [shape=record, style=filled, fillcolor=\"#dbe8f5\", fontname=\"Helvetica\"];\n");
        for (ModelGraph.Box b : graph.boxes()) {
            String label = recordEscape(b.title());
            if (showShapes) {
                label = "{" + label + "|{Input shape: " + recordEscape(b.inputShape()) + "|Output shape: "
                        + recordEscape(b.outputShape()) + "}}";
            }
            sb.append("  \"")
                    .append(dotEscape(b.id()))
                    .append("\" [label=\"")
                    .append(label)
                    .append("\"];\n");
        }
        for (int[] e : graph.edges()) {
            sb.append("  \"")
                    .append(dotEscape(graph.boxes().get(e[0]).id()))
                    .append("\" -> \"")
                    .append(dotEscape(graph.boxes().get(e[1]).id()))
                    .append("\";\n");
        }
        return sb.append("}\n").toString();
    }

    private static String dotEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String recordEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ("{}|<>\"\\".indexOf(ch) >= 0) {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    // ---- layout ----------------------------------------------------------------------------------

    /** A vertex of the layered graph: a box, or a bend point of a long edge ({@code box == -1}). */
    private static final class Vertex {
        final int box;
        final int rank;
        final List<Vertex> up = new ArrayList<>();
        final List<Vertex> down = new ArrayList<>();
        double order;
        double x;
        int w;

        Vertex(int box, int rank) {
            this.box = box;
            this.rank = rank;
        }

        double center() {
            return x + w / 2.0;
        }
    }

    private record Layout(
            List<Vertex> boxes,
            List<List<Vertex>> ranks,
            List<List<Vertex>> edgePaths,
            int width,
            int height,
            int boxH) {}

    private Layout layout() {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics tf = pg.getFontMetrics(titleFont);
        FontMetrics sf = pg.getFontMetrics(shapeFont);
        pg.dispose();
        List<ModelGraph.Box> bs = graph.boxes();
        int n = bs.size();
        // Longest path from the inputs: boxes come in topological order, so one pass suffices.
        int[] rank = new int[n];
        for (int[] e : graph.edges()) {
            rank[e[1]] = Math.max(rank[e[1]], rank[e[0]] + 1);
        }
        for (int[] e : graph.edges()) {
            if (rank[e[1]] <= rank[e[0]]) {
                throw new IllegalStateException("plot_model: the layer graph is not in running order at "
                        + bs.get(e[1]).id());
            }
        }
        int ranks = n == 0 ? 0 : Arrays.stream(rank).max().orElse(0) + 1;
        List<List<Vertex>> byRank = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            byRank.add(new ArrayList<>());
        }
        List<Vertex> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Vertex v = new Vertex(i, rank[i]);
            ModelGraph.Box b = bs.get(i);
            int textW = tf.stringWidth(b.title());
            if (showShapes) {
                textW = Math.max(textW, sf.stringWidth(shapeLine(b)));
            }
            v.w = textW + 2 * PAD;
            v.order = i;
            boxes.add(v);
            byRank.get(rank[i]).add(v);
        }
        List<List<Vertex>> paths = new ArrayList<>();
        for (int[] e : graph.edges()) {
            Vertex prev = boxes.get(e[0]);
            List<Vertex> path = new ArrayList<>(List.of(prev));
            for (int r = rank[e[0]] + 1; r < rank[e[1]]; r++) {
                Vertex d = new Vertex(-1, r);
                d.w = 0;
                d.order = e[0] + 0.5;
                byRank.get(r).add(d);
                prev.down.add(d);
                d.up.add(prev);
                path.add(d);
                prev = d;
            }
            Vertex to = boxes.get(e[1]);
            prev.down.add(to);
            to.up.add(prev);
            path.add(to);
            paths.add(path);
        }
        // Order within ranks: a few barycentre sweeps down and up.
        for (List<Vertex> row : byRank) {
            row.sort(Comparator.comparingDouble(v -> v.order));
            renumber(row);
        }
        for (int sweep = 0; sweep < 4; sweep++) {
            for (int r = 1; r < ranks; r++) {
                reorder(byRank.get(r), true);
            }
            for (int r = ranks - 2; r >= 0; r--) {
                reorder(byRank.get(r), false);
            }
        }
        // x: the widest rank packed, then each rank placed under (or over) its neighbours.
        for (List<Vertex> row : byRank) {
            double x = 0;
            for (Vertex v : row) {
                v.x = x;
                x += v.w + H_GAP;
            }
        }
        for (int pass = 0; pass < 3; pass++) {
            for (int r = 1; r < ranks; r++) {
                place(byRank.get(r), true);
            }
            for (int r = ranks - 2; r >= 0; r--) {
                place(byRank.get(r), false);
            }
        }
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (List<Vertex> row : byRank) {
            for (Vertex v : row) {
                minX = Math.min(minX, v.x);
                maxX = Math.max(maxX, v.x + v.w);
            }
        }
        for (List<Vertex> row : byRank) {
            for (Vertex v : row) {
                v.x = v.x - minX + MARGIN;
            }
        }
        int boxH = tf.getHeight() + 2 * 6 + (showShapes ? sf.getHeight() + 10 : 0);
        int width = (int) Math.ceil(maxX - minX) + 2 * MARGIN;
        int height = ranks * boxH + Math.max(0, ranks - 1) * V_GAP + 2 * MARGIN;
        return new Layout(boxes, byRank, paths, Math.max(width, 120), Math.max(height, 60), boxH);
    }

    private static void renumber(List<Vertex> row) {
        for (int i = 0; i < row.size(); i++) {
            row.get(i).order = i;
        }
    }

    private static void reorder(List<Vertex> row, boolean fromAbove) {
        for (Vertex v : row) {
            List<Vertex> nb = fromAbove ? v.up : v.down;
            if (!nb.isEmpty()) {
                v.order = nb.stream().mapToDouble(u -> u.order).average().orElse(v.order);
            }
        }
        row.sort(Comparator.comparingDouble(v -> v.order));
        renumber(row);
    }

    /** Puts each vertex under the mean centre of its neighbours, keeping order and gaps, then recentres the rank. */
    private static void place(List<Vertex> row, boolean fromAbove) {
        double[] want = new double[row.size()];
        boolean any = false;
        for (int i = 0; i < row.size(); i++) {
            Vertex v = row.get(i);
            List<Vertex> nb = fromAbove ? v.up : v.down;
            want[i] = nb.isEmpty()
                    ? v.center()
                    : nb.stream().mapToDouble(Vertex::center).average().orElse(0);
            any |= !nb.isEmpty();
        }
        if (!any) {
            return;
        }
        double right = Double.NEGATIVE_INFINITY;
        double shift = 0;
        for (int i = 0; i < row.size(); i++) {
            Vertex v = row.get(i);
            double x = Math.max(want[i] - v.w / 2.0, right + (i == 0 ? 0 : H_GAP));
            shift += x - (want[i] - v.w / 2.0);
            v.x = x;
            right = x + v.w;
        }
        // Pushing right to keep gaps drifts the rank; move it back by the mean push.
        double back = shift / row.size();
        for (Vertex v : row) {
            v.x -= back;
        }
    }

    private String shapeLine(ModelGraph.Box b) {
        return "in " + b.inputShape() + "  \u2192  out " + b.outputShape();
    }

    private static int top(Layout l, int rank) {
        return MARGIN + rank * (l.boxH() + V_GAP);
    }

    // ---- PNG -------------------------------------------------------------------------------------

    @Override
    public BufferedImage toImage() {
        Layout l = layout();
        BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            ChartStyle.hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, l.width(), l.height());
            g.setStroke(new BasicStroke(1.6f));
            g.setColor(new Color(0x555555));
            for (List<Vertex> path : l.edgePaths()) {
                int[] xs = new int[path.size()];
                int[] ys = new int[path.size()];
                for (int i = 0; i < path.size(); i++) {
                    Vertex v = path.get(i);
                    xs[i] = (int) Math.round(v.center());
                    ys[i] = i == 0
                            ? top(l, v.rank) + l.boxH()
                            : i == path.size() - 1 ? top(l, v.rank) - 2 : top(l, v.rank) + l.boxH() / 2;
                }
                g.drawPolyline(xs, ys, xs.length);
                arrowHead(g, xs[xs.length - 2], ys[ys.length - 2], xs[xs.length - 1], ys[ys.length - 1]);
            }
            FontMetrics tf = g.getFontMetrics(titleFont);
            FontMetrics sf = g.getFontMetrics(shapeFont);
            for (Vertex v : l.boxes()) {
                ModelGraph.Box b = graph.boxes().get(v.box);
                int x = (int) Math.round(v.x);
                int y = top(l, v.rank);
                int headerH = tf.getHeight() + 12;
                g.setColor(Color.WHITE);
                g.fillRoundRect(x, y, v.w, l.boxH(), 10, 10);
                g.setColor(HEADER);
                g.fillRoundRect(x, y, v.w, showShapes ? headerH + 6 : l.boxH(), 10, 10);
                if (showShapes) {
                    g.setColor(Color.WHITE);
                    g.fillRect(x + 1, y + headerH, v.w - 2, 7);
                    g.setColor(BORDER);
                    g.drawLine(x, y + headerH, x + v.w, y + headerH);
                }
                g.setColor(BORDER);
                g.drawRoundRect(x, y, v.w, l.boxH(), 10, 10);
                g.setColor(Color.BLACK);
                g.setFont(titleFont);
                g.drawString(b.title(), x + (v.w - tf.stringWidth(b.title())) / 2, y + 6 + tf.getAscent());
                if (showShapes) {
                    g.setFont(shapeFont);
                    g.setColor(new Color(0x222222));
                    String s = shapeLine(b);
                    g.drawString(s, x + (v.w - sf.stringWidth(s)) / 2, y + headerH + 5 + sf.getAscent());
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void arrowHead(Graphics2D g, int x0, int y0, int x1, int y1) {
        double a = Math.atan2(y1 - y0, x1 - x0);
        int len = 10;
        Polygon p = new Polygon();
        p.addPoint(x1, y1);
        p.addPoint((int) Math.round(x1 - len * Math.cos(a - 0.4)), (int) Math.round(y1 - len * Math.sin(a - 0.4)));
        p.addPoint((int) Math.round(x1 - len * Math.cos(a + 0.4)), (int) Math.round(y1 - len * Math.sin(a + 0.4)));
        g.fillPolygon(p);
    }

    // ---- SVG -------------------------------------------------------------------------------------

    /** The same diagram as SVG text (fonts are the viewer's sans-serif, so widths may differ a little). */
    public String toSvg() {
        Layout l = layout();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                l.width(),
                l.height(),
                l.width(),
                l.height()));
        sb.append("<title>").append(xml(graph.name())).append("</title>\n");
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555555\"/></marker></defs>\n");
        sb.append(String.format(
                Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", l.width(), l.height()));
        for (List<Vertex> path : l.edgePaths()) {
            sb.append("<polyline fill=\"none\" stroke=\"#555555\" stroke-width=\"1.6\" marker-end=\"url(#arrow)\" "
                    + "points=\"");
            for (int i = 0; i < path.size(); i++) {
                Vertex v = path.get(i);
                int y = i == 0
                        ? top(l, v.rank) + l.boxH()
                        : i == path.size() - 1 ? top(l, v.rank) - 2 : top(l, v.rank) + l.boxH() / 2;
                sb.append(String.format(Locale.ROOT, "%s%.1f,%d", i == 0 ? "" : " ", v.center(), y));
            }
            sb.append("\"/>\n");
        }
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        int headerH = pg.getFontMetrics(titleFont).getHeight() + 12;
        pg.dispose();
        for (Vertex v : l.boxes()) {
            ModelGraph.Box b = graph.boxes().get(v.box);
            double cx = v.center();
            int y = top(l, v.rank);
            sb.append(String.format(Locale.ROOT, "<g id=\"%s\">%n", xml(b.id())));
            sb.append(String.format(
                    Locale.ROOT,
                    "  <rect x=\"%.1f\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"white\" "
                            + "stroke=\"#35618f\"/>%n",
                    v.x,
                    y,
                    v.w,
                    l.boxH()));
            sb.append(String.format(
                    Locale.ROOT,
                    "  <rect x=\"%.1f\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"#dbe8f5\" "
                            + "stroke=\"#35618f\"/>%n",
                    v.x,
                    y,
                    v.w,
                    showShapes ? headerH : l.boxH()));
            sb.append(String.format(
                    Locale.ROOT,
                    "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-family=\"sans-serif\" "
                            + "font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                    cx,
                    y + headerH / 2 + 5,
                    xml(b.title())));
            if (showShapes) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-family=\"sans-serif\" "
                                + "font-size=\"13\">%s</text>%n",
                        cx,
                        y + headerH + (l.boxH() - headerH) / 2 + 5,
                        xml(shapeLine(b))));
            }
            sb.append("</g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
