package dev.synapse.viz;

import dev.synapse.train.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning curves from a {@link History}: one panel for the losses and one per other metric, each
 * with its training and validation series against the epoch, as the tutorials draw them with
 * {@code pd.DataFrame(history.history).plot(...)} or {@code plt.plot(history.history["loss"])}.
 *
 * <pre>{@code
 * History h = model.fit(x, y, Fit.epochs(15).validationSplit(0.2));
 * LearningCurves.of(h).save("out/learning_curves.png");
 * }</pre>
 */
public final class LearningCurves {
    private LearningCurves() {}

    /** Panels stacked top to bottom: loss first, then each metric, training and {@code val_} together. */
    public static Figure of(History history) {
        return of(history, false);
    }

    /** As {@link #of(History)}; with {@code logLoss} the loss panel has a logarithmic y axis. */
    public static Figure of(History history, boolean logLoss) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String key : history.history().keySet()) {
            String base = key.startsWith("val_") ? key.substring(4) : key;
            groups.computeIfAbsent(base, k -> new ArrayList<>()).add(key);
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(
                    "LearningCurves: the history holds no metrics (was fit run for at least one epoch?)");
        }
        // Loss first, as Keras lists it.
        List<String> order = new ArrayList<>(groups.keySet());
        order.sort((a, b) -> Boolean.compare(!a.equals("loss"), !b.equals("loss")));
        double[] epochs = history.epochs().stream().mapToDouble(e -> e + 1).toArray();
        List<Picture> panels = new ArrayList<>();
        for (String base : order) {
            LineChart c = new LineChart(base).xLabel("epoch").yLabel(base).size(800, 360);
            if (logLoss && base.equals("loss")) {
                c.logY();
            }
            List<String> keys = new ArrayList<>(groups.get(base));
            // Training before validation, so each keeps its colour in every panel.
            keys.sort((a, b) -> Boolean.compare(a.startsWith("val_"), b.startsWith("val_")));
            for (String key : keys) {
                c.add(
                        key,
                        epochs,
                        history.get(key).stream()
                                .mapToDouble(Double::doubleValue)
                                .toArray());
            }
            panels.add(c);
        }
        return Figure.grid(1, panels);
    }
}
