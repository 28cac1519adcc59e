package dev.synapse.data.transforms;

import dev.synapse.tensor.Tensor;
import java.util.function.Function;

/**
 * Factories for the transforms, named after {@code torchvision.transforms} and Keras's preprocessing
 * layers:
 *
 * <pre>{@code
 * Transform t = Transforms.compose(Transforms.toTensor(), Transforms.normalize(0.1307, 0.3081), Transforms.flatten());
 * Dataset train = FashionMnist.train().map(t);
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    /** 0..255 to float32 in {@code [0, 1]} ({@code ToTensor()}). */
    public static Transform toTensor() {
        return new ToTensor();
    }

    /** {@code (x - mean) / std} for every element ({@code Normalize((mean,), (std,))}). */
    public static Transform normalize(double mean, double std) {
        return new Normalize(new double[] {mean}, new double[] {std});
    }

    /** {@code (x - mean[c]) / std[c]} per channel, channels last ({@code Normalize(mean, std)}). */
    public static Transform normalize(double[] mean, double[] std) {
        return new Normalize(mean, std);
    }

    /** Flattens a sample to a vector ({@code torch.flatten}). */
    public static Transform flatten() {
        return new Flatten();
    }

    /** The steps one after the other ({@code Compose([...])}). */
    public static Transform compose(Transform... steps) {
        return new Compose(steps);
    }

    /** Any function as a transform ({@code transforms.Lambda}). */
    public static Transform lambda(Function<Tensor, Tensor> f) {
        return f::apply;
    }

    /** Keras {@code RandomRotation(factor)}: angles in {@code [-factor, factor]} turns. */
    public static Transform randomRotation(double factor) {
        return new RandomRotation(-factor, factor);
    }

    /** Keras {@code RandomTranslation(height_factor, width_factor)}. */
    public static Transform randomTranslation(double heightFactor, double widthFactor) {
        return new RandomTranslation(heightFactor, widthFactor);
    }

    /** {@code RandomHorizontalFlip(p)}. */
    public static Transform randomHorizontalFlip(double p) {
        return new RandomHorizontalFlip(p);
    }

    /** Keras {@code RandomZoom(factor)}: zoom factors in {@code [-factor, factor]}. */
    public static Transform randomZoom(double factor) {
        return new RandomZoom(-factor, factor);
    }

    /** Keras {@code GaussianNoise(std)}. */
    public static Transform gaussianNoise(double std) {
        return new GaussianNoise(std);
    }
}
