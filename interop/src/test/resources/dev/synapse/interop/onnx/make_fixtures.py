"""Writes the ONNX import fixtures: small PyTorch models exported with torch.onnx.export (opset 17,
TorchScript exporter, dynamic batch), a fixed input and the output PyTorch computed, saved together in
NAME.safetensors (tensors "input" and "output"). Also a model with operators Synapse does not import.

Run: /work/venvs/peers/bin/python make_fixtures.py   (torch 2.13, onnx 1.23, onnxruntime 1.30)
"""
import os

import numpy as np
import onnx
import onnxruntime as ort
import torch
from safetensors.torch import save_file
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 5), nn.Tanh(),
                                 nn.Linear(5, 3), nn.Softmax(dim=1))

    def forward(self, x):
        return self.net(x)


class MatMulAdd(nn.Module):
    """A Linear on a rank-3 input: PyTorch exports MatMul + Add, not Gemm."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return torch.sigmoid(self.fc(x))


class Cnn(nn.Module):
    """Seed 002's shape: Conv-ReLU-MaxPool twice, Flatten, Linear-ReLU, Linear."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(4, 6, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(6 * 2 * 2, 10), nn.ReLU(), nn.Linear(10, 3))

    def forward(self, x):
        return self.head(self.features(x))


class ConvVariants(nn.Module):
    """Groups, dilation, stride and asymmetric kernels, explicit padding; average and global pooling."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)
        self.b = nn.Conv2d(6, 6, 3, padding=1, groups=6, bias=False)
        self.c = nn.Conv2d(6, 4, 1)
        self.pool = nn.AvgPool2d(2, stride=1, padding=1)
        self.gap = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        x = torch.relu(self.a(x))
        x = torch.nn.functional.leaky_relu(self.b(x), 0.1)
        x = self.pool(self.c(x))
        return torch.flatten(self.gap(x), 1)


class Conv1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv1d(3, 5, 3, padding=1)
        self.b = nn.Conv1d(5, 4, 2, stride=2)
        self.pool = nn.MaxPool1d(2)

    def forward(self, x):
        return torch.flatten(self.pool(torch.relu(self.b(torch.relu(self.a(x))))), 1)


class ConvTranspose(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(3, 4, 4, stride=2, padding=1)
        self.up2 = nn.ConvTranspose2d(4, 2, 3, stride=1)

    def forward(self, x):
        return self.up2(torch.relu(self.up(x)))


class BatchNorm(nn.Module):
    """BatchNorm2d after the ReLU, so the exporter cannot fold it into the convolution, and BatchNorm1d."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4, eps=1e-3)
        self.fc = nn.Linear(4 * 4 * 4, 5)
        self.bn1 = nn.BatchNorm1d(5)

    def forward(self, x):
        x = self.bn(torch.relu(self.conv(x)))
        return self.bn1(self.fc(torch.flatten(x, 1)))


class PaddedPools(nn.Module):
    """Max pooling whose explicit pads equal "same", and a global max pool."""

    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.conv = nn.Conv2d(2, 3, 2, stride=2)

    def forward(self, x):
        return torch.amax(self.conv(self.pool(x)), dim=(2, 3), keepdim=True)


class ExplicitPadPools(nn.Module):
    """Pads that are not "same": max pooling pads with -inf, average pooling with the pads counted or not."""

    def forward(self, x):
        a = nn.functional.max_pool2d(x, 2, stride=2, padding=1)
        b = nn.functional.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)
        c = nn.functional.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=True)
        return torch.cat([a.flatten(1), b.flatten(1), c.flatten(1)], 1)


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, batch_first=True)
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


class LstmSequence(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True)

    def forward(self, x):
        out, _ = self.lstm(x)
        return out


class Gru(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 5, batch_first=True)

    def forward(self, x):
        out, _ = self.gru(x)
        return out


class EmbeddingBag(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(self.emb(x))


class Upsample(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 1)

    def forward(self, x):
        near = nn.functional.interpolate(x, scale_factor=2, mode="nearest")
        bil = nn.functional.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        return self.conv(near) + self.conv(bil)


class UpsampleAlignCorners(nn.Module):
    """Bilinear upsampling with align_corners=True (Resize with coordinate_transformation_mode align_corners):
    nn.Upsample after a convolution and nn.UpsamplingBilinear2d with unequal factors on the input."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
        self.up23 = nn.UpsamplingBilinear2d(scale_factor=(2, 3))

    def forward(self, x):
        return torch.cat([self.up(self.conv(x)).flatten(1), self.up23(x).flatten(1)], dim=1)


class Branches(nn.Module):
    """Concat, Add, Mul and Sub of two branches, a Transpose and a constant Reshape."""

    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 6)
        self.b = nn.Linear(4, 6)
        self.c = nn.Linear(12, 6)

    def forward(self, x):
        a = torch.relu(self.a(x))
        b = torch.sigmoid(self.b(x))
        y = self.c(torch.cat([a + b, a * b], dim=1)) - a
        y = y.reshape(-1, 2, 3).transpose(1, 2)
        return torch.softmax(y.reshape(-1, 6), dim=-1)


class CeilPools(nn.Module):
    """ceil_mode=True: a last window hanging over the end (max, average counting padding or not), one dropped
    because it would start in the trailing padding, and 1-D pooling; outputs flattened and concatenated."""

    def __init__(self):
        super().__init__()
        self.max = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.avg = nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.avg_no_pad = nn.AvgPool2d(2, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        self.max1d = nn.MaxPool1d(2, ceil_mode=True)
        self.avg1d = nn.AvgPool1d(4, stride=2, padding=1, ceil_mode=True)

    def forward(self, x):
        seq = x[:, 0]  # [N, 6, 5]: 6 channels of 5 steps
        parts = [self.max(x), self.avg(x), self.avg_no_pad(x), self.max1d(seq), self.avg1d(seq)]
        return torch.cat([p.flatten(1) for p in parts], dim=1)


class BiRnn(nn.Module):
    """A bidirectional batch-first LSTM or GRU (exported as one node, direction="bidirectional") and a Linear."""

    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(3, 4, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.fc(y)


class Arithmetic(nn.Module):
    """Div and constant arithmetic as PyTorch exports them: per-channel (x - mean) / std on the NCHW input, scalar and
    per-channel constants after a convolution (a value Synapse holds channels-last), a constant varying over channels,
    rows and columns, a constant minus a tensor, and a Div of two model tensors."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.register_buffer("scale", torch.tensor([1.0, 2.0, 4.0, 8.0]).view(4, 1, 1))
        self.register_buffer("grid", torch.randn(4, 5, 3))
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        x = (x - self.mean) / self.std
        y = self.conv(x) * 0.5 + 1.0
        y = y / self.scale - self.grid
        y = 2.0 - y
        y = y / (torch.sigmoid(y) + 0.5)
        return torch.flatten(y, 1) / 3.0


class ArithmeticAfterCropping(nn.Module):
    """A constant varying over channels, rows and columns added after a padded ConvTranspose2d, whose crop Synapse
    computes channels-last: the constant is transposed to that layout."""

    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)
        self.register_buffer("grid", torch.randn(3, 5, 7))

    def forward(self, x):
        return torch.flatten((self.up(x) - self.grid) * 2.0, 1)


class Unsupported(nn.Module):
    def forward(self, x):
        return torch.cumsum(x, 1) + torch.sort(x, 1)[0] + torch.sin(x)


def export(name, model, x, dynamic_axes=None):
    model.eval()
    with torch.no_grad():
        y = model(x)
    path = os.path.join(HERE, name + ".onnx")
    axes = dynamic_axes or {"input": {0: "batch"}, "output": {0: "batch"}}
    torch.onnx.export(model, (x,), path, opset_version=17, input_names=["input"], output_names=["output"],
                      dynamic_axes=axes, dynamo=False, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    save_file({"input": x.contiguous(), "output": y.contiguous()}, os.path.join(HERE, name + ".safetensors"))
    # The export itself is checked against onnxruntime so a fixture never encodes an exporter bug.
    got = ort.InferenceSession(path).run(None, {"input": x.numpy()})[0]
    diff = float(np.max(np.abs(got - y.numpy())))
    print(f"{name}: {os.path.getsize(path)} bytes, onnxruntime vs torch max |diff| {diff:.2e}")


def gru_reset_before():
    """A GRU with linear_before_reset=0 (Keras's reset_after=False), which PyTorch never exports: the graph
    is written with onnx.helper in the layout PyTorch uses, and its output computed by onnxruntime."""
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(3)
    hidden, features = 4, 3
    w = rng.normal(0, 0.5, (1, 3 * hidden, features)).astype(np.float32)
    r = rng.normal(0, 0.5, (1, 3 * hidden, hidden)).astype(np.float32)
    b = rng.normal(0, 0.5, (1, 6 * hidden)).astype(np.float32)
    nodes = [
        helper.make_node("Transpose", ["input"], ["time_major"], perm=[1, 0, 2]),
        helper.make_node("GRU", ["time_major", "W", "R", "B"], ["y"], hidden_size=hidden, linear_before_reset=0),
        helper.make_node("Squeeze", ["y", "axis1"], ["squeezed"]),
        helper.make_node("Transpose", ["squeezed"], ["output"], perm=[1, 0, 2]),
    ]
    inits = [numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"), numpy_helper.from_array(b, "B"),
             numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1")]
    graph = helper.make_graph(nodes, "gru_reset_before",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 5, features])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 5, hidden])],
                              inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    path = os.path.join(HERE, "gru_reset_before.onnx")
    onnx.save(model, path)
    x = rng.normal(0, 1, (2, 5, features)).astype(np.float32)
    y = ort.InferenceSession(path).run(None, {"input": x})[0]
    save_file({"input": torch.from_numpy(x), "output": torch.from_numpy(y)},
              os.path.join(HERE, "gru_reset_before.safetensors"))
    print(f"gru_reset_before: {os.path.getsize(path)} bytes (output from onnxruntime)")


def main():
    torch.manual_seed(0)
    export("mlp", Mlp(), torch.randn(4, 6))
    export("matmul_add", MatMulAdd(), torch.randn(2, 5, 4))
    export("cnn", Cnn(), torch.randn(2, 1, 12, 12))
    export("conv_variants", ConvVariants(), torch.randn(2, 4, 7, 6))
    export("conv1d", Conv1d(), torch.randn(2, 3, 8))
    export("conv_transpose", ConvTranspose(), torch.randn(2, 3, 3, 4))
    bn = BatchNorm()
    with torch.no_grad():  # non-trivial running statistics, as after training
        for m in (bn.bn, bn.bn1):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.3, 0.3)
    export("batchnorm", bn, torch.randn(3, 3, 4, 4))
    export("padded_pools", PaddedPools(), torch.randn(2, 2, 5, 6))
    export("lstm", Lstm(), torch.randn(2, 6, 3))
    export("lstm_sequence", LstmSequence(), torch.randn(2, 5, 3))
    export("gru", Gru(), torch.randn(2, 5, 3))
    export("embedding", EmbeddingBag(), torch.tensor([[1, 3, 9], [0, 4, 4]]))
    export("upsample", Upsample(), torch.randn(2, 2, 3, 4))
    export("branches", Branches(), torch.randn(3, 4))
    gru_reset_before()
    # Inputs below zero, so that padding a max pool with zeros instead of -inf would change the result.
    export("explicit_pad_pools", ExplicitPadPools(), torch.randn(2, 2, 5, 6) - 1.5)
    export("ceil_pools", CeilPools(), torch.randn(2, 2, 6, 5) - 0.5)
    export("lstm_bidirectional", BiRnn(nn.LSTM), torch.randn(2, 5, 3))
    export("gru_bidirectional", BiRnn(nn.GRU), torch.randn(2, 5, 3))
    export("arithmetic", Arithmetic(), torch.rand(2, 3, 5, 3))
    export("upsample_align_corners", UpsampleAlignCorners(), torch.randn(2, 2, 3, 4))
    export("arithmetic_after_cropping", ArithmeticAfterCropping(), torch.randn(2, 2, 3, 4))
    path = os.path.join(HERE, "unsupported.onnx")
    torch.onnx.export(Unsupported(), (torch.randn(2, 3),), path, opset_version=17, input_names=["input"],
                      output_names=["output"], dynamo=False)


if __name__ == "__main__":
    main()
