"""Writes torch_optimizers.safetensors, the fixture of TorchEpsilonTest: PyTorch optimizer trajectories in float64.

Run: python torch_optimizers.py (torch 2.x, safetensors). Each optimizer takes 5 steps on the quadratic
0.5 * sum(a * (w - c)^2), whose gradient is a * (w - c), from w0; "<case>" holds w0 and the weights after each
step, one row per step.
"""
import torch
from safetensors.torch import save_file

d = torch.float64
a = torch.tensor([0.5, 2.0, 1.0, 4.0, 0.1, 3.0], dtype=d)
c = torch.tensor([1.0, -2.0, 0.5, 0.0, 3.0, -0.25], dtype=d)
w0 = torch.tensor([0.3, 1.5, -1.0, 2.0, 0.0, 0.7], dtype=d)

cases = {
    "adam": lambda p: torch.optim.Adam(p, lr=0.1),
    "adam_eps": lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.8, 0.99), eps=0.1),
    "amsgrad": lambda p: torch.optim.Adam(p, lr=0.3, eps=0.01, amsgrad=True),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, eps=0.01, weight_decay=0.1),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=0.01),
    "rmsprop_centered": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=0.01, momentum=0.5, centered=True),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1, eps=0.01, initial_accumulator_value=0.1),
}

out = {"a": a, "c": c}
for name, make in cases.items():
    w = w0.clone().requires_grad_(True)
    opt = make([w])
    rows = [w.detach().clone()]
    for _ in range(5):
        opt.zero_grad()
        (0.5 * (a * (w - c) ** 2).sum()).backward()
        opt.step()
        rows.append(w.detach().clone())
    out[name] = torch.stack(rows)

save_file(out, "torch_optimizers.safetensors")
for k, v in out.items():
    print(k, v[-1].tolist())
