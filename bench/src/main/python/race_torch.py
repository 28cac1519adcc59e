"""The PyTorch side of ./synapse bench race: one workload, printed as one line
race side=pytorch workload=W unit=U median=M min=M max=M n=N version=V isa=I (ATen's CPU capability)

usage: python race_torch.py WORKLOAD WARMUP STEPS THREADS WARMUP_SECONDS
WORKLOAD: mlp, cnn, autoencoder, activations, gemm1024 or gemm2048. The workloads are those of the Synapse side
(RaceWorkloads.java) and the libtorch side (DjlRace.java), in PyTorch's NCHW layout.
"""

import sys

import torch
from torch import nn

from race_timing import result_line, timed

BATCH = 256


def conv(cin, cout):
    return nn.Conv2d(cin, cout, 3, padding=1)


class ProbabilityCrossEntropy(nn.Module):
    """Keras's sparse categorical cross-entropy of probabilities (seed 002 ends in a softmax)."""

    def forward(self, p, y):
        return nn.functional.nll_loss(torch.log(p.clamp(1e-7, 1 - 1e-7)), y)


def workload(name):
    y = torch.arange(BATCH) % 10
    if name == "mlp":
        net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
        x = torch.rand(BATCH, 784)
        return net, nn.CrossEntropyLoss(), torch.optim.Adam(net.parameters(), lr=1e-3), x, y
    if name == "cnn":
        net = nn.Sequential(
            conv(1, 24), nn.ReLU(), nn.MaxPool2d(2),
            conv(24, 36), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(36 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 10), nn.Softmax(dim=-1))
        x = torch.rand(BATCH, 1, 28, 28)
        return net, ProbabilityCrossEntropy(), torch.optim.Adam(net.parameters(), lr=1e-3), x, y
    if name == "autoencoder":
        net = nn.Sequential(
            conv(1, 16), nn.AvgPool2d(2), nn.ReLU(),
            conv(16, 8), nn.AvgPool2d(2), nn.ReLU(),
            conv(8, 4), nn.ReLU(),
            conv(4, 8), nn.Upsample(scale_factor=2), nn.ReLU(),
            conv(8, 16), nn.Upsample(scale_factor=2), nn.ReLU(),
            conv(16, 1))
        x = torch.rand(BATCH, 1, 28, 28)
        return net, nn.MSELoss(), torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.99), x, x
    raise SystemExit(f"race_torch.py: unknown workload '{name}'")


def train(name, warmup, warm_seconds, steps):
    net, loss_fn, opt, x, y = workload(name)
    net.train()

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    return "ms", [ns / 1e6 for ns in timed(step, warmup, warm_seconds, steps)]


def activations(warmup, warm_seconds, steps):
    """Milliseconds of tanh(x) and sigmoid(x) on a 1024 x 1024 float32 tensor, each into a new tensor."""
    x = torch.randn(1024, 1024)

    def step():
        torch.tanh(x)
        torch.sigmoid(x)

    return "ms", [ns / 1e6 for ns in timed(step, warmup, warm_seconds, steps)]


def gemm(n, warmup, warm_seconds, steps):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    out = torch.empty(n, n)
    ns = timed(lambda: torch.matmul(a, b, out=out), warmup, warm_seconds, steps)
    return "gflops", [2.0 * n * n * n / t for t in ns]


def main():
    if len(sys.argv) != 6:
        raise SystemExit("usage: race_torch.py WORKLOAD WARMUP STEPS THREADS WARMUP_SECONDS")
    name, warmup, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    warm_seconds = float(sys.argv[5])
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    if name.startswith("gemm"):
        unit, v = gemm(int(name[4:]), warmup, warm_seconds, steps)
    elif name == "activations":
        unit, v = activations(warmup, warm_seconds, steps)
    else:
        unit, v = train(name, warmup, warm_seconds, steps)
    print(result_line("pytorch", name, unit, v, torch.__version__, torch.backends.cpu.get_cpu_capability()))


if __name__ == "__main__":
    main()
