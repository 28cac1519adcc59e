package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.regularizers.Regularizers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRoundTripTest {
    static List<Layer> examples() {
        return List.of(
                Dense.builder(4)
                        .activation("relu")
                        .kernelRegularizer(Regularizers.l2(0.1))
                        .inputDim(3)
                        .build(),
                new Activation("gelu"),
                new ReLU(6, 0.1, 0.5),
                new LeakyReLU(0.2),
                new Softmax(1),
                new Flatten(),
                new Reshape(2, -1),
                new Permute(2, 1),
                new RepeatVector(3),
                new Concatenate(1),
                new Add(),
                new Subtract(),
                new Multiply(),
                new Average(),
                new Maximum(),
                new Minimum(),
                new Dot(1, 2, true),
                new Dropout(0.3, new int[] {-1, 1}, 4L),
                new GaussianNoise(0.1, 2L),
                Conv2D.builder(8, 3, 5)
                        .strides(2)
                        .padding("same")
                        .dilation(1)
                        .activation("tanh")
                        .kernelInitializer(Initializers.heNormal())
                        .build(),
                Conv1D.builder(4, 3).padding("causal").dilation(2).build(),
                Conv2DTranspose.builder(3, 5)
                        .strides(2)
                        .padding("same")
                        .outputPadding(1)
                        .useBias(false)
                        .build(),
                new MaxPooling2D(new int[] {3}, new int[] {2}, "same"),
                new AveragePooling2D(),
                new MaxPooling1D(3, 1, "valid"),
                new AveragePooling1D(),
                new GlobalAveragePooling2D(true),
                new GlobalMaxPooling2D(),
                new GlobalAveragePooling1D(),
                new GlobalMaxPooling1D(true),
                new UpSampling2D(new int[] {2, 3}, "bilinear"),
                new ZeroPadding2D(1, 2, 3, 4),
                new Cropping2D(1, 0, 2, 3),
                new BatchNormalization(1, 0.9, 1e-5, false, true),
                new LayerNormalization(1e-6, true, false),
                new Embedding(10, 4),
                new RandomFlip("horizontal", 9L),
                new RandomRotation(-0.1, 0.2, FillOptions.DEFAULT.withFillMode("constant")),
                new RandomTranslation(0.1, 0.2),
                new RandomZoom(new double[] {-0.2, 0.1}, new double[] {0, 0.3}, FillOptions.DEFAULT),
                SimpleRNN.builder(3).activation("relu").returnSequences(true).build(),
                LSTM.builder(4)
                        .returnState(true)
                        .unitForgetBias(false)
                        .goBackwards(true)
                        .build(),
                GRU.builder(2).resetAfter(false).build(),
                new TimeDistributed(new Dense(3)));
    }

    @Test
    void everyLayerRebuildsFromItsConfig() {
        for (Layer l : examples()) {
            Map<String, Object> s = LayerRegistry.serialize(l);
            Layer copy = LayerRegistry.fromConfig(s);
            assertEquals(l.getClass(), copy.getClass());
            assertEquals(s.toString(), LayerRegistry.serialize(copy).toString(), l.className());
        }
    }

    @Test
    void unknownTypesAreRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> LayerRegistry.fromConfig(Map.of("class_name", "java.lang.Runtime", "config", Map.of())));
        assertEquals(true, e.getMessage().contains("unknown layer type"));
    }
}
