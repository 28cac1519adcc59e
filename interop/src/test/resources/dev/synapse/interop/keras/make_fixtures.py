"""Writes the Keras fixtures of KerasFilesTest: the tutorials' Keras models saved by Keras itself.

Run with keras 3.15 on the tensorflow backend (tensorflow-cpu 2.21):
    KERAS_BACKEND=tensorflow python make_fixtures.py
Each model NAME is saved as NAME.keras and NAME.h5 (Keras's legacy HDF5 format), with a fixed input and
Keras's predict() output beside it in NAME.io.bin: for the input, then the output, int32 rank, int32
dims, float32 values, all little-endian. lambda.keras holds a Lambda layer, which loaders must refuse.

Widths are shrunk where the tutorial's model would make a file of more than about 1 MB (the DCGAN
generator's 7*7*256 projection, the multi-branch model's filters and dense layers, seed 002's fc1); the layer types, arguments and
graph are the tutorials'. The DCGAN discriminator, seed 001's MLP and seed 003's models keep the tutorials'
widths.
"""

import os
import struct

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def seed000_conv():
    # Seed 000's multi-branch model (get_model_conv), filters and widths 32 -> 8 and 64 -> 16 (1.5 MB at full width).
    inp = layers.Input(shape=(784,))
    reshaped = layers.Reshape((28, 28, 1))(inp)
    c1 = layers.Conv2D(8, (3, 3))(reshaped)
    c1 = layers.BatchNormalization()(c1)
    c1 = layers.LeakyReLU()(c1)
    c1 = layers.MaxPool2D()(c1)
    c1 = layers.Flatten()(c1)
    c1 = layers.Dense(8, activation="sigmoid")(c1)
    d2 = layers.Dropout(0.05)(reshaped)
    r2 = layers.RandomRotation(factor=(-0.05, 0.05))(d2)
    t2 = layers.RandomTranslation(height_factor=(-0.05, 0.05), width_factor=(-0.05, 0.05))(r2)
    c2 = layers.Conv2D(8, (5, 5))(t2)
    c2 = layers.BatchNormalization()(c2)
    c2 = layers.LeakyReLU()(c2)
    c2 = layers.MaxPool2D()(c2)
    c2 = layers.Flatten()(c2)
    c2 = layers.Dense(8, activation="sigmoid")(c2)
    f1 = layers.Flatten()(reshaped)
    f1 = layers.Dense(16, activation="sigmoid")(f1)
    f1 = layers.Dense(8, activation="sigmoid")(f1)
    latent = layers.Concatenate(name="model_conv_latent")([c1, c2, f1])
    x = layers.Dense(16, activation="linear")(latent)
    x = layers.LeakyReLU()(x)
    out = layers.Dense(26, activation="softmax")(x)
    return keras.Model(inp, out), (3, 784)


def seed000_generator():
    # Seed 000's DCGAN generator, filters 256/128/64 -> 16/8/4 (7*7*256 would be 5 MB).
    inp = layers.Input(shape=(100,))
    x = layers.Dense(7 * 7 * 16, use_bias=False)(inp)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU()(x)
    x = layers.Reshape((7, 7, 16))(x)
    x = layers.Conv2DTranspose(8, (5, 5), strides=(1, 1), padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU()(x)
    x = layers.Conv2DTranspose(4, (5, 5), strides=(2, 2), padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU()(x)
    x = layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding="same", use_bias=False, activation="tanh")(x)
    return keras.Model(inp, x), (2, 100)


def seed000_discriminator():
    # Seed 000's DCGAN discriminator, at the tutorial's widths (about 850 kB of weights).
    inp = layers.Input((28, 28))
    x = layers.Reshape((28, 28, 1))(inp)
    x = layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same")(x)
    x = layers.LeakyReLU()(x)
    x = layers.Dropout(0.3)(x)
    x = layers.Conv2D(128, (5, 5), strides=(2, 2), padding="same")(x)
    x = layers.LeakyReLU()(x)
    x = layers.Dropout(0.3)(x)
    x = layers.Flatten()(x)
    out = layers.Dense(1)(x)
    return keras.Model(inp, out), (2, 28, 28)


def seed001_mlp():
    # Seed 001's MLP on 8x8 digits: 64 -> 100 tanh -> 100 tanh -> 10 softmax, with its initializers.
    m = keras.Sequential()
    m.add(keras.Input(shape=(64,)))
    m.add(layers.Dense(100, activation="tanh", kernel_initializer="glorot_uniform"))
    m.add(layers.Dense(100, activation="tanh", kernel_initializer="he_normal"))
    m.add(layers.Dense(10, activation="softmax", kernel_initializer="random_normal"))
    return m, (4, 64)


def seed002_cnn():
    # Seed 002's CNN, fc1 128 -> 32 (1764 * 128 float32 weights alone are 0.9 MB, twice over in two formats).
    inp = layers.Input(shape=[28, 28, 1], name="input")
    x = layers.Conv2D(24, (3, 3), activation="relu", padding="same", name="block1_conv1")(inp)
    x = layers.MaxPooling2D((2, 2), name="block1_pool")(x)
    x = layers.Conv2D(36, (3, 3), activation="relu", padding="same", name="block2_conv1")(x)
    x = layers.MaxPooling2D((2, 2), strides=(2, 2), name="block2_pool")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(32, activation="relu", name="fc1")(x)
    x = layers.Dropout(rate=0.5)(x)
    prob = layers.Dense(10, activation="softmax", name="predictions")(x)
    return keras.Model(inp, prob), (2, 28, 28, 1)


def seed003_sequential():
    # Seed 003's Sequential models: 3 -> 4 sigmoid -> 3 sigmoid -> 2 softmax, and 3 -> 3 relu -> 2 softmax -> 2.
    m = keras.Sequential([
        keras.Input(shape=(3,)),
        layers.Dense(4, activation="sigmoid"),
        layers.Dense(3, activation="sigmoid"),
        layers.Dense(2, activation="softmax"),
    ])
    return m, (5, 3)


def seed003_stack():
    m = keras.Sequential()
    m.add(keras.Input(shape=(3,)))
    m.add(layers.Dense(units=3, activation="relu"))
    m.add(layers.Dense(units=2, activation="softmax"))
    m.add(layers.Dense(units=2, activation=None))
    return m, (5, 3)


def seed000_gan():
    # Seed 000's GAN as Keras users build it: a Sequential generator and a frozen functional discriminator called as
    # layers of a functional model (widths shrunk); the discriminator rescales its input with Rescaling.
    generator = keras.Sequential([
        keras.Input(shape=(16,)),
        layers.Dense(7 * 7 * 4, use_bias=False),
        layers.BatchNormalization(),
        layers.LeakyReLU(),
        layers.Reshape((7, 7, 4)),
        layers.Conv2DTranspose(2, (5, 5), strides=(2, 2), padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.LeakyReLU(),
        layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding="same", use_bias=False, activation="tanh"),
    ], name="generator")
    image = layers.Input((28, 28, 1))
    x = layers.Rescaling(2.0, offset=-0.5)(image)
    x = layers.Conv2D(4, (5, 5), strides=(2, 2), padding="same")(x)
    x = layers.LeakyReLU()(x)
    x = layers.Dropout(0.3)(x)
    x = layers.Flatten()(x)
    discriminator = keras.Model(image, layers.Dense(1)(x), name="discriminator")
    discriminator.trainable = False
    z = layers.Input((16,))
    return keras.Model(z, discriminator(generator(z)), name="gan"), (2, 16)


def seed000_autoencoder():
    # Seed 000's autoencoder (get_model_ae): a Sequential of a functional encoder and a functional decoder (widths
    # shrunk), with a BatchNormalization inside the encoder.
    inp = layers.Input(shape=(784,))
    x = layers.Reshape((28, 28, 1))(inp)
    x = layers.Conv2D(4, (3, 3))(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU()(x)
    x = layers.MaxPool2D()(x)
    x = layers.Flatten()(x)
    encoder = keras.Model(inp, layers.Dense(8, activation="linear")(x), name="encoder")
    code = layers.Input(shape=(8,))
    y = layers.Dense(16, activation="relu")(code)
    decoder = keras.Model(code, layers.Dense(784, activation="sigmoid")(y), name="decoder")
    return keras.Sequential([encoder, decoder], name="autoencoder"), (2, 784)


def rescaling_arrays():
    # Rescaling by per-channel constants, the scale a NumPy array (saved as Keras's __numpy__ object), the offset a list.
    m = keras.Sequential([
        keras.Input(shape=(4, 4, 3)),
        layers.Rescaling(scale=np.array([0.5, 2.0, 4.0], "float32"), offset=[1.0, 0.0, -1.0]),
        layers.Conv2D(2, (1, 1), activation="relu"),
        layers.Flatten(),
        layers.Dense(2),
    ])
    return m, (2, 4, 4, 3)


def lambda_model():
    # A Lambda layer: Keras itself refuses to load it in safe mode; so must Synapse.
    m = keras.Sequential([keras.Input(shape=(3,)), layers.Lambda(lambda t: t * 2.0), layers.Dense(2)])
    return m, (1, 3)


MODELS = {
    "seed000_conv": seed000_conv,
    "seed000_generator": seed000_generator,
    "seed000_discriminator": seed000_discriminator,
    "seed001_mlp": seed001_mlp,
    "seed002_cnn": seed002_cnn,
    "seed003_sequential": seed003_sequential,
    "seed003_stack": seed003_stack,
    "seed000_gan": seed000_gan,
    "seed000_autoencoder": seed000_autoencoder,
    "rescaling_arrays": rescaling_arrays,
}


def all_layers(model):
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            yield from all_layers(layer)
        else:
            yield layer


def perturb_statistics(model, rng):
    # Fresh BatchNormalization statistics are 0 and 1, which would hide a swapped mean and variance.
    for layer in all_layers(model):
        if isinstance(layer, layers.BatchNormalization):
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights([
                rng.uniform(0.5, 1.5, gamma.shape).astype("float32"),
                rng.uniform(-0.5, 0.5, beta.shape).astype("float32"),
                rng.uniform(-0.5, 0.5, mean.shape).astype("float32"),
                rng.uniform(0.5, 2.0, var.shape).astype("float32"),
            ])


def write_io(path, *arrays):
    with open(path, "wb") as f:
        for a in arrays:
            f.write(struct.pack("<i", a.ndim))
            f.write(struct.pack("<%di" % a.ndim, *a.shape))
            f.write(a.astype("<f4").tobytes())


def resume_fixtures():
    # Compiled models trained for two epochs and saved, then trained one more epoch: a loader that restores the
    # compile settings and the optimizer's variables continues to the same weights. NAME.resume.bin holds the
    # training inputs, their labels and the predictions after the third epoch (write_io's layout, three arrays).
    rng = np.random.default_rng(7)
    x = rng.uniform(-1.0, 1.0, (16, 3)).astype("float32")
    labels = (x[:, 0] + 0.5 * x[:, 1] > 0).astype("int64")
    optimizers = {
        "resume_adam": keras.optimizers.Adam(learning_rate=0.05),
        "resume_sgd": keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
        "resume_rmsprop": keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True),
    }
    for name, optimizer in optimizers.items():
        model, _ = seed003_sequential()
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(x, labels, batch_size=4, epochs=2, shuffle=False, verbose=0)
        model.save(os.path.join(HERE, name + ".keras"))
        model.save(os.path.join(HERE, name + ".h5"))
        model.fit(x, labels, batch_size=4, epochs=1, shuffle=False, verbose=0)
        y = model.predict(x, verbose=0)
        write_io(os.path.join(HERE, name + ".resume.bin"), x, labels.astype("float32"), y)


def main():
    keras.utils.set_random_seed(1102)
    rng = np.random.default_rng(1102)
    for name, make in MODELS.items():
        model, input_shape = make()
        perturb_statistics(model, rng)
        x = rng.uniform(-1.0, 1.0, input_shape).astype("float32")
        y = model.predict(x, verbose=0)
        model.save(os.path.join(HERE, name + ".keras"))
        model.save(os.path.join(HERE, name + ".h5"))
        write_io(os.path.join(HERE, name + ".io.bin"), x, y)
        for ext in (".keras", ".h5"):
            again = keras.saving.load_model(os.path.join(HERE, name + ext), compile=False)
            assert np.array_equal(again.predict(x, verbose=0), y), name + ext
    model, _ = lambda_model()
    model.save(os.path.join(HERE, "lambda.keras"))
    resume_fixtures()


if __name__ == "__main__":
    main()
