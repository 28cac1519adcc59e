package dev.synapse.nn.layers;

import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerTypes;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The built-in layer types under their Keras names, registered in {@code LayerRegistry} through the
 * {@link LayerTypes} service (Keras's built-in serializable objects). Add a new layer here.
 */
public final class BuiltinLayers implements LayerTypes {
    /** Made by {@link java.util.ServiceLoader}. */
    public BuiltinLayers() {}

    @Override
    public void registerTo(BiConsumer<String, Function<Map<String, Object>, Layer>> registry) {
        registry.accept("Dense", Dense::fromConfig);
        registry.accept("Activation", Activation::fromConfig);
        registry.accept("ReLU", ReLU::fromConfig);
        registry.accept("LeakyReLU", LeakyReLU::fromConfig);
        registry.accept("Softmax", Softmax::fromConfig);
        registry.accept("Flatten", Flatten::fromConfig);
        registry.accept("Reshape", Reshape::fromConfig);
        registry.accept("Permute", Permute::fromConfig);
        registry.accept("RepeatVector", RepeatVector::fromConfig);
        registry.accept("Rescaling", Rescaling::fromConfig);
        registry.accept("Concatenate", Concatenate::fromConfig);
        registry.accept("Add", Add::fromConfig);
        registry.accept("Subtract", Subtract::fromConfig);
        registry.accept("Multiply", Multiply::fromConfig);
        registry.accept("Average", Average::fromConfig);
        registry.accept("Maximum", Maximum::fromConfig);
        registry.accept("Minimum", Minimum::fromConfig);
        registry.accept("Divide", Divide::fromConfig);
        registry.accept("Dot", Dot::fromConfig);
        registry.accept("Lambda", Lambda::fromConfig);
        registry.accept("Dropout", Dropout::fromConfig);
        registry.accept("GaussianNoise", GaussianNoise::fromConfig);
        registry.accept("Conv1D", Conv1D::fromConfig);
        registry.accept("Conv2D", Conv2D::fromConfig);
        registry.accept("Conv2DTranspose", Conv2DTranspose::fromConfig);
        registry.accept("MaxPooling1D", MaxPooling1D::fromConfig);
        registry.accept("MaxPooling2D", MaxPooling2D::fromConfig);
        registry.accept("MaxPool2D", MaxPooling2D::fromConfig);
        registry.accept("AveragePooling1D", AveragePooling1D::fromConfig);
        registry.accept("AveragePooling2D", AveragePooling2D::fromConfig);
        registry.accept("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
        registry.accept("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
        registry.accept("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
        registry.accept("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
        registry.accept("UpSampling2D", UpSampling2D::fromConfig);
        registry.accept("ZeroPadding2D", ZeroPadding2D::fromConfig);
        registry.accept("Cropping2D", Cropping2D::fromConfig);
        registry.accept("BatchNormalization", BatchNormalization::fromConfig);
        registry.accept("LayerNormalization", LayerNormalization::fromConfig);
        registry.accept("Embedding", Embedding::fromConfig);
        registry.accept("RandomFlip", RandomFlip::fromConfig);
        registry.accept("RandomRotation", RandomRotation::fromConfig);
        registry.accept("RandomTranslation", RandomTranslation::fromConfig);
        registry.accept("RandomZoom", RandomZoom::fromConfig);
        registry.accept("SimpleRNN", SimpleRNN::fromConfig);
        registry.accept("LSTM", LSTM::fromConfig);
        registry.accept("GRU", GRU::fromConfig);
        registry.accept("Bidirectional", Bidirectional::fromConfig);
        registry.accept("TimeDistributed", TimeDistributed::fromConfig);
    }
}
