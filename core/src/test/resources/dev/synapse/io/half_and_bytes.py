"""Writes half_and_bytes.safetensors, the fixture of SafeTensorsHalfTest, with torch and safetensors.

Run: python half_and_bytes.py (torch 2.x, safetensors 0.4 or later). The printed values are the ones the test expects.
"""
import torch
from safetensors.torch import save_file

values = [0.0, 1.0, -2.5, 1.0 / 3.0, 65504.0, 1e-7, float("inf"), float("nan")]
tensors = {
    "f16": torch.tensor(values, dtype=torch.float32).to(torch.float16),
    "bf16": torch.tensor(values, dtype=torch.float32).to(torch.bfloat16).reshape(2, 4),
    "u8": torch.tensor([0, 1, 127, 128, 200, 255], dtype=torch.uint8).reshape(2, 3),
    "i8": torch.tensor([-128, -1, 0, 1, 127], dtype=torch.int8),
    "i16": torch.tensor([-32768, -1, 0, 300, 32767], dtype=torch.int16),
}
save_file(tensors, "half_and_bytes.safetensors")
for name, t in tensors.items():
    print(name, t.dtype, list(t.shape), t.float().flatten().tolist())
