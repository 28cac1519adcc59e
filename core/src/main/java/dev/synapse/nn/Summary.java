package dev.synapse.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formats {@code model.summary()} as Keras 3 lays it out (in ASCII, so any console shows it): one
 * row per layer with its name and type, output shape and parameter count, a "Connected to" column
 * for graphs that are not a plain chain, then the total, trainable and non-trainable parameter
 * counts with their sizes in memory.
 */
final class Summary {
    /** One layer of the table. */
    record Row(Layer layer, String outputShape, List<String> connectedTo) {}

    private Summary() {}

    static String of(Model model) {
        List<Row> rows = model.summaryRows();
        boolean connected = !model.isChain();
        List<String[]> cells = new ArrayList<>();
        List<List<String>> extra = new ArrayList<>();
        for (Row r : rows) {
            Layer l = r.layer();
            String params = l.isBuilt() ? String.format(Locale.ROOT, "%,d", l.countParams()) : "0 (unbuilt)";
            List<String> conn = r.connectedTo().isEmpty() ? List.of("-") : r.connectedTo();
            cells.add(
                    connected
                            ? new String[] {l.name() + " (" + l.className() + ")", r.outputShape(), params, conn.get(0)}
                            : new String[] {l.name() + " (" + l.className() + ")", r.outputShape(), params});
            extra.add(connected ? conn.subList(1, conn.size()) : List.of());
        }
        String[] header = connected
                ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #"};
        int[] width = new int[header.length];
        int[] minimum = connected ? new int[] {29, 24, 11, 19} : new int[] {31, 22, 13};
        for (int i = 0; i < header.length; i++) {
            width[i] = Math.max(minimum[i], header[i].length());
            for (String[] c : cells) {
                width[i] = Math.max(width[i], c[i].length());
            }
            for (List<String> e : extra) {
                for (String s : e) {
                    if (i == 3) {
                        width[i] = Math.max(width[i], s.length());
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append(rule(width, '-')).append('\n');
        sb.append(line(header, width)).append('\n');
        sb.append(rule(width, '=')).append('\n');
        for (int r = 0; r < cells.size(); r++) {
            sb.append(line(cells.get(r), width)).append('\n');
            for (String more : extra.get(r)) {
                String[] cont = new String[header.length];
                java.util.Arrays.fill(cont, "");
                cont[3] = more;
                sb.append(line(cont, width)).append('\n');
            }
            sb.append(rule(width, '-')).append('\n');
        }
        long total = 0;
        long trainable = 0;
        long totalBytes = 0;
        long trainableBytes = 0;
        Map<Weight, Boolean> seen = new IdentityHashMap<>();
        for (Weight w : model.weights()) {
            if (seen.put(w, Boolean.TRUE) == null) {
                total += w.size();
                totalBytes += w.size() * w.dtype().byteSize();
                if (w.trainable()) {
                    trainable += w.size();
                    trainableBytes += w.size() * w.dtype().byteSize();
                }
            }
        }
        sb.append(String.format(Locale.ROOT, " Total params: %,d (%s)%n", total, readable(totalBytes)));
        sb.append(String.format(Locale.ROOT, " Trainable params: %,d (%s)%n", trainable, readable(trainableBytes)));
        sb.append(String.format(
                Locale.ROOT,
                " Non-trainable params: %,d (%s)",
                total - trainable,
                readable(totalBytes - trainableBytes)));
        return sb.toString().replace("\r\n", "\n");
    }

    private static String rule(int[] width, char c) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : width) {
            sb.append(String.valueOf(c).repeat(w + 2)).append('+');
        }
        return sb.toString();
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            // Parameter counts are right-aligned, as Keras prints them.
            String padded = i == 2 ? " ".repeat(width[i] - c.length()) + c : c + " ".repeat(width[i] - c.length());
            sb.append(' ').append(padded).append(" |");
        }
        return sb.toString();
    }

    /** Keras's memory size: bytes scaled by 1024 into B, KB, MB, GB with two decimals. */
    static String readable(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        for (String u : units) {
            if (v / 1024 < 1) {
                return String.format(Locale.ROOT, "%.2f %s", v, u);
            }
            v /= 1024;
        }
        return String.format(Locale.ROOT, "%.2f PB", v);
    }
}
