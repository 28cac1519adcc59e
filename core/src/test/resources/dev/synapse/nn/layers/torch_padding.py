"""Writes torch_padding.safetensors, the fixture of PaddingAgainstTorchTest, with PyTorch in float64.

Run: python torch_padding.py (torch 2.x, safetensors). Every case stores, channels-last as Synapse lays them out,
its input x, its kernel w (Keras layout) where it has one, its output y, an upstream gradient gy and the gradients
of sum(y * gy) with respect to x (dx) and w (dw).
"""
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

torch.manual_seed(0)
out = {}


def nhwc(t):
    return t.permute(0, 2, 3, 1).contiguous()


def nlc(t):
    return t.permute(0, 2, 1).contiguous()


def case(name, x, fn, w=None, to_ours=nhwc, w_to_ours=None):
    x = x.clone().requires_grad_(True)
    if w is not None:
        w = w.clone().requires_grad_(True)
        y = fn(x, w)
    else:
        y = fn(x)
    gy = torch.randn_like(y)
    (y * gy).sum().backward()
    out[name + ".x"] = to_ours(x.detach())
    out[name + ".y"] = to_ours(y.detach())
    out[name + ".gy"] = to_ours(gy)
    out[name + ".dx"] = to_ours(x.grad)
    if w is not None:
        out[name + ".w"] = w_to_ours(w.detach()).contiguous()
        out[name + ".dw"] = w_to_ours(w.grad).contiguous()


d = torch.float64
conv2d_w = lambda w: w.permute(2, 3, 1, 0)  # [F, C, KH, KW] -> [KH, KW, C, F]
conv1d_w = lambda w: w.permute(2, 1, 0)  # [F, C, K] -> [K, C, F]
convt_w = lambda w: w.permute(2, 3, 1, 0)  # [C_in, F, KH, KW] -> [KH, KW, F, C_in]

# Inputs are shifted negative so a zero from padding would beat them in max pooling.
case("maxpool2d", torch.randn(2, 3, 7, 6, dtype=d) - 2, lambda x: F.max_pool2d(x, 3, stride=2, padding=1))
case("avgpool2d_incl", torch.randn(2, 3, 7, 6, dtype=d),
     lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=True))
case("avgpool2d_excl", torch.randn(2, 3, 7, 6, dtype=d),
     lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False))
case("maxpool1d", torch.randn(2, 3, 9, dtype=d) - 2, lambda x: F.max_pool1d(x, 4, stride=3, padding=2), to_ours=nlc)
case("avgpool1d_incl", torch.randn(2, 3, 9, dtype=d),
     lambda x: F.avg_pool1d(x, 4, stride=3, padding=2, count_include_pad=True), to_ours=nlc)
case("conv2d_pad12", torch.randn(2, 3, 6, 5, dtype=d),
     lambda x, w: F.conv2d(x, w, padding=(1, 2)), w=torch.randn(4, 3, 3, 3, dtype=d), w_to_ours=conv2d_w)
# F.pad's order is (left, right, top, bottom): here top 0, bottom 1, left 2, right 1, stride 2.
case("conv2d_asym", torch.randn(2, 3, 6, 5, dtype=d),
     lambda x, w: F.conv2d(F.pad(x, (2, 1, 0, 1)), w, stride=2), w=torch.randn(4, 3, 2, 3, dtype=d),
     w_to_ours=conv2d_w)
case("conv1d_pad2", torch.randn(2, 3, 8, dtype=d),
     lambda x, w: F.conv1d(x, w, padding=2, stride=2), w=torch.randn(4, 3, 3, dtype=d), to_ours=nlc,
     w_to_ours=conv1d_w)
case("convt2d", torch.randn(2, 3, 4, 5, dtype=d),
     lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=2, output_padding=1), w=torch.randn(3, 2, 5, 5, dtype=d),
     w_to_ours=convt_w)
case("convt2d_pad1", torch.randn(2, 3, 4, 5, dtype=d),
     lambda x, w: F.conv_transpose2d(x, w, stride=(2, 3), padding=(1, 0), output_padding=(0, 2)),
     w=torch.randn(3, 2, 3, 4, dtype=d), w_to_ours=convt_w)

save_file(out, "torch_padding.safetensors")
for k, v in out.items():
    print(k, list(v.shape))
