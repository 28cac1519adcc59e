package dev.synapse.examples.lightning;

import dev.synapse.autograd.GradMode;
import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.nn.Sequential;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.Trainer;
import dev.synapse.train.TrainingModule;
import dev.synapse.train.loggers.TensorBoardLogger;
import dev.synapse.viz.ImageGrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tutorial's four autoencoders share ({@code Autoencoder}, {@code ConvAutoencoder},
 * {@code DenoisingConvAutoencoder}, {@code SparseConvAutoencoder}): an encoder and a decoder,
 * {@code forward} returning the code and the reconstruction, SGD with momentum, the MSE between input
 * and reconstruction logged as {@code train/loss} and {@code val/loss}, and, after each validation
 * epoch, the first validation batch's first 50 inputs and reconstructions logged to TensorBoard as
 * image grids ({@code self.logger.experiment.add_image(tag, make_grid(images, nrow=10, normalize=True),
 * self.global_step)}). Variants change {@link #perturb}, {@link #target} and {@link #penalty}.
 */
public abstract class AutoencoderModule extends TrainingModule<Batch> {
    /** Pictures per logged grid, and grid columns ({@code [:50]}, {@code nrow=10}). */
    static final int GRID_IMAGES = 50;

    static final int GRID_COLUMNS = 10;

    protected final Sequential encoder;
    protected final Sequential decoder;
    private final int[] inputShape;
    private final double learningRate;
    private final double momentum;
    private final Map<String, Tensor> lastPictures = new LinkedHashMap<>();

    /**
     * @param inputShape one picture's shape as the encoder takes it ({@code [784]} or {@code [28, 28, 1]})
     */
    protected AutoencoderModule(
            Sequential encoder, Sequential decoder, int[] inputShape, double learningRate, double momentum) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.inputShape = inputShape.clone();
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    /** A batch of pictures shaped as the encoder takes them. */
    public Tensor input(Tensor x) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = x.dim(0);
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return x.reshape(shape);
    }

    /** {@code forward(x)}: the code and the reconstruction. */
    public Tensor[] forward(Tensor x) {
        Tensor code = encoder.apply(x);
        return new Tensor[] {code, decoder.apply(code)};
    }

    /** The decoder alone: a reconstruction from a code. */
    public Tensor decode(Tensor code) {
        return decoder.apply(code);
    }

    /** What the encoder sees in training and validation steps: the input itself (denoising adds noise). */
    protected Tensor perturb(Tensor x) {
        return x;
    }

    /** What the reconstruction is compared with: the clean input. */
    protected Tensor target(Tensor x, Tensor perturbed) {
        return x;
    }

    /** A term added to the loss (the sparse autoencoder's L1 penalty on the code); none here. */
    protected Tensor penalty(Tensor code) {
        return null;
    }

    /** The pictures logged after a validation epoch, by TensorBoard tag. */
    protected Map<String, Tensor> pictures(Tensor x, Tensor perturbed, Tensor reconstructed) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("input_images", x);
        m.put("generated_images", reconstructed);
        return m;
    }

    private Tensor[] step(Batch batch) {
        Tensor x = input(batch.x());
        Tensor perturbed = perturb(x);
        Tensor[] out = forward(perturbed);
        Tensor loss = mse(target(x, perturbed), out[1]);
        Tensor extra = penalty(out[0]);
        if (extra != null) {
            loss = loss.add(extra);
        }
        return new Tensor[] {loss, x, perturbed, out[1]};
    }

    /** {@code nn.MSELoss()}: the mean of the squared differences over every element. */
    static Tensor mse(Tensor a, Tensor b) {
        return a.sub(b).square().mean();
    }

    @Override
    public Optimizer configureOptimizers() {
        return new SGD(learningRate, momentum, false);
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> p = new ArrayList<>(encoder.trainableVariables());
        p.addAll(decoder.trainableVariables());
        return p;
    }

    @Override
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        encoder.stateDict().forEach((k, v) -> m.put("encoder." + k, v));
        decoder.stateDict().forEach((k, v) -> m.put("decoder." + k, v));
        return m;
    }

    @Override
    public Tensor trainingStep(Batch batch, int batchIndex) {
        Tensor loss = step(batch)[0];
        log("train/loss", loss.item(), batch.size());
        return loss;
    }

    /** Logs {@code val/loss}; the first batch's pictures are returned for the epoch's end. */
    @Override
    public Object validationStep(Batch batch, int batchIndex) {
        Tensor[] s = step(batch);
        log("val/loss", s[0].item(), batch.size());
        return batchIndex == 0 ? pictures(s[1], s[2], s[3]) : null;
    }

    /** Keeps the first 50 of each kind of picture and logs them to TensorBoard as grids. */
    @Override
    public void onValidationEpochEnd(List<Object> outputs) {
        if (outputs.isEmpty() || !(outputs.get(0) instanceof Map<?, ?> first)) {
            return;
        }
        for (Map.Entry<?, ?> e : first.entrySet()) {
            Tensor t = (Tensor) e.getValue();
            Tensor images = t.reshape(t.dim(0), 28, 28);
            images = images.slice(0, 0, Math.min(GRID_IMAGES, images.dim(0))).contiguous();
            lastPictures.put((String) e.getKey(), images);
            if (logger() instanceof TensorBoardLogger tb) {
                tb.experiment()
                        .image((String) e.getKey(), ImageGrid.makeGrid(images, GRID_COLUMNS, 2, true), globalStep());
            }
        }
    }

    /**
     * The pictures of the last validation epoch by tag, {@code [50, 28, 28]} each, as the model sees them (normalized).
     */
    public Map<String, Tensor> lastPictures() {
        return lastPictures;
    }

    @Override
    public List<String[]> summaryRows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"encoder", "Sequential", Long.toString(encoder.countParams())});
        rows.add(new String[] {"decoder", "Sequential", Long.toString(decoder.countParams())});
        rows.add(new String[] {"criterion", "MSELoss", "0"});
        return rows;
    }

    /** Codes of every picture of {@code loader}, flattened to one row each, with the labels ({@code extract_codes}). */
    public Codes extractCodes(DataLoader loader) {
        List<Tensor> codes = new ArrayList<>();
        List<Tensor> labels = new ArrayList<>();
        int[] codeShape = null;
        try (var _ = GradMode.noGrad()) {
            for (Batch b : loader) {
                Tensor code = forward(input(b.x()))[0];
                codeShape = code.dims();
                codes.add(code.reshape(code.dim(0), -1));
                labels.add(b.y());
            }
        }
        codeShape[0] = codes.stream().mapToInt(c -> c.dim(0)).sum();
        return new Codes(
                Tensor.concat(0, codes.toArray(Tensor[]::new)),
                Tensor.concat(0, labels.toArray(Tensor[]::new)).toLongArray(),
                codeShape);
    }

    /** Codes, one flattened row per picture ({@code [N, D]} float32), their labels and the codes' own shape. */
    public record Codes(Tensor codes, long[] labels, int[] shape) {}

    /**
     * Trains {@code module} with a {@link Trainer} for the settings' epochs, logging to TensorBoard under
     * {@code tb_logs/NAME} ({@code TensorBoardLogger("tb_logs", name=...)}).
     */
    static History fit(
            AutoencoderModule module, String loggerName, DataLoader train, DataLoader validation, Settings s) {
        TensorBoardLogger logger = new TensorBoardLogger(s.tbLogs(), loggerName);
        Trainer trainer = Trainer.builder()
                .maxEpochs(s.epochs())
                .logger(logger)
                .verbose(s.quiet() ? 0 : 1)
                .printSummary(!s.quiet())
                .build();
        History h = trainer.fit(module, train, validation);
        if (!s.quiet()) {
            System.out.println("TensorBoard logs: " + logger.logDir() + "  (tensorboard --logdir " + s.tbLogs() + ")");
        }
        return h;
    }
}
