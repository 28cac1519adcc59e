"""Writes the PyTorch fixtures of dev.synapse.interop.torch's tests (torch 2.13, CPU).

Run: /work/venvs/peers/bin/python make_fixtures.py  (in this folder). For each model NAME it writes
NAME.pt (torch.save of the state_dict), NAME.safetensors (safetensors.torch.save_file) and
NAME_io.safetensors holding a fixed input "x" and torch's output "y" in eval mode (NCHW where the
model is convolutional; the tests transpose to Synapse's NHWC). Widths are small to keep files in KBs.
"""
import torch
import torch.nn as nn
from safetensors.torch import save_file

torch.manual_seed(0)


class MLPClassifier(nn.Module):  # seed 004's MLP, narrower (784 -> 512 -> 10 there)
    def __init__(self, in_features=48, hidden_units=32, out_classes=10):
        super().__init__()
        self.hidden_layer = nn.Linear(in_features, hidden_units)
        self.activation = nn.Tanh()
        self.output_layer = nn.Linear(hidden_units, out_classes)

    def forward(self, x):
        return self.output_layer(self.activation(self.hidden_layer(x.view(x.shape[0], -1))))


class Autoencoder(nn.Module):  # seed 004's fully connected autoencoder (784-256-128 there)
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU())
        self.decoder = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 64))

    def forward(self, x):
        return self.decoder(self.encoder(x))


class ConvAutoencoder(nn.Module):  # seed 004's convolutional autoencoder, as there
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.AvgPool2d(2), nn.ReLU(),
                                     nn.Conv2d(16, 8, 3, padding=1), nn.AvgPool2d(2), nn.ReLU(),
                                     nn.Conv2d(8, 4, 3, padding=1), nn.ReLU())
        self.decoder = nn.Sequential(nn.Conv2d(4, 8, 3, padding=1), nn.Upsample(scale_factor=2), nn.ReLU(),
                                     nn.Conv2d(8, 16, 3, padding=1), nn.Upsample(scale_factor=2), nn.ReLU(),
                                     nn.Conv2d(16, 1, 3, padding=1))

    def forward(self, x):
        return self.decoder(self.encoder(x))


class Recurrent(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(5, 6, batch_first=True)
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1])


class Stacked(nn.Module):
    """A stacked (num_layers) and possibly bidirectional recurrent module and a Linear on every step."""

    def __init__(self, cell, layers, bidirectional, hidden):
        super().__init__()
        self.rnn = cell(5, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
        self.fc = nn.Linear(hidden * (2 if bidirectional else 1), 3)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)


def models():
    yield "mlp", MLPClassifier(), torch.randn(3, 48)
    yield "autoencoder", Autoencoder(), torch.randn(3, 64)
    yield "conv_autoencoder", ConvAutoencoder(), torch.randn(2, 1, 8, 8)
    # seed 002's CNN shape: conv, pool, conv, pool, flatten, linear (flatten of a 8x2x2 map)
    yield "cnn", nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 8, 3), nn.ReLU(),
                               nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32, 10)), torch.randn(2, 1, 14, 14)
    yield "conv_transpose", nn.Sequential(nn.ConvTranspose2d(3, 4, 3, stride=2), nn.ReLU(),
                                          nn.Conv2d(4, 2, 3)), torch.randn(2, 3, 5, 5)
    yield "batchnorm", nn.Sequential(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(),
                                     nn.Linear(64, 6), nn.BatchNorm1d(6), nn.Linear(6, 3)), torch.randn(4, 2, 6, 6)
    yield "lstm", Recurrent(nn.LSTM), torch.randn(2, 7, 5)
    yield "gru", Recurrent(nn.GRU), torch.randn(2, 7, 5)
    yield "embedding", nn.Sequential(nn.Embedding(20, 4), nn.Flatten(), nn.Linear(24, 3)), \
        torch.randint(0, 20, (2, 6))
    yield "layernorm", nn.Sequential(nn.Linear(6, 8), nn.LayerNorm(8), nn.Tanh(), nn.Linear(8, 3)), \
        torch.randn(3, 6)
    # Ported channels-first layer for layer (no permutes): Conv2d, BatchNorm2d, MaxPool2d, bilinear Upsample
    # (align_corners=False, as UpSampling2D), a strided Conv2d, Flatten of a 6x3x3 map (C, H, W order), Linear.
    yield "channels_first_cnn", nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), nn.Conv2d(4, 6, 3, stride=2),
        nn.BatchNorm2d(6), nn.ReLU(), nn.Flatten(), nn.Linear(54, 5)), torch.randn(2, 2, 8, 8)
    # The same for sequences in torch's N, C, L: Conv1d, BatchNorm1d, MaxPool1d, AvgPool1d, Flatten, Linear.
    yield "channels_first_seq", nn.Sequential(
        nn.Conv1d(3, 4, 3, padding=1), nn.BatchNorm1d(4), nn.ReLU(), nn.MaxPool1d(2), nn.AvgPool1d(2),
        nn.Flatten(), nn.Linear(8, 3)), torch.randn(2, 3, 8)
    # Recurrent state_dict keys beyond *_l0: levels (weight_ih_l1) and directions (weight_ih_l0_reverse).
    yield "lstm_stacked", Stacked(nn.LSTM, 2, False, 6), torch.randn(2, 7, 5)
    yield "lstm_bidirectional", Stacked(nn.LSTM, 1, True, 6), torch.randn(2, 7, 5)
    yield "gru_bidirectional", Stacked(nn.GRU, 2, True, 4), torch.randn(2, 7, 5)


for name, model, x in models():
    # Running statistics away from their initial 0/1, so that loading them is visible in the output.
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(x if x.dtype != torch.float32 else x * 2 + 1)
    model.eval()
    with torch.no_grad():
        y = model(x)
    sd = model.state_dict()
    torch.save(sd, name + ".pt")
    save_file({k: v.contiguous() for k, v in sd.items()}, name + ".safetensors")
    save_file({"x": x.contiguous(), "y": y.contiguous()}, name + "_io.safetensors")
    print(name, sum(p.numel() for p in model.parameters()), "parameters", list(sd)[:4])

# Reader cases: views sharing one storage (transposed, strided, offset) and every dtype torch.load gives.
base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
torch.save({"base": base, "t": base.t(), "slice": base[1:, ::2], "row": base[2]}, "views.pt")
dtypes = {
    "f64": torch.tensor([1.5, -2.25], dtype=torch.float64),
    "f16": torch.tensor([0.5, -3.0, 65504.0], dtype=torch.float16),
    "bf16": torch.tensor([1.0, -2.5], dtype=torch.bfloat16),
    "i64": torch.tensor([-(2 ** 40), 7], dtype=torch.int64),
    "i32": torch.tensor([-5, 2 ** 30], dtype=torch.int32),
    "i16": torch.tensor([-300, 300], dtype=torch.int16),
    "i8": torch.tensor([-128, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 255], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True]),
    "scalar": torch.tensor(3.0),
    "param": nn.Parameter(torch.tensor([[1.0, 2.0]])),
}
torch.save(dtypes, "dtypes.pt")
