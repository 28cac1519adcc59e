import dev.synapse.Synapse;
import dev.synapse.datasets.Digits;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.keras.Fit;

/** The README's first model: a one-file program, run with {@code ./synapse run examples/Hello.java}. */
public class Hello {
    public static void main(String[] args) {
        Synapse.setSeed(1102);
        Digits digits = Digits.load();                            // sklearn.datasets.load_digits
        Tensor x = digits.data().div(16.0);
        Tensor y = digits.target();
        var model = new Sequential(
                new Dense(64, "relu").withInputShape(64),
                new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(x, y, Fit.batchSize(32).epochs(10).validationSplit(0.2));
        System.out.println("val_accuracy: " + h.last("val_accuracy"));
        model.summary();

        Tensor w = Tensor.randn(3, 2).requiresGrad(true);          // PyTorch style autograd, same graph
        Tensor.ones(4, 3).matmul(w).square().mean().backward();    // w.grad() now holds d loss / d w
        System.out.println(w.grad());
    }
}
