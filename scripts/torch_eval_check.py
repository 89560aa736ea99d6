"""Loads a MetaLab Conv-4 checkpoint into PyTorch and checks that eval() mode reproduces
MetaLab's outputs with running statistics.

usage: python torch_eval_check.py CHECKPOINT.safetensors PROBE.safetensors
  CHECKPOINT  weights and batch-norm buffers as MetaLab saves them (PyTorch state_dict names)
  PROBE       "images" [N, 1, S, S] and "expected" [N, outputs]: MetaLab's outputs normalised
              with the running statistics (Normalisation.given(running.statistics))
Prints the largest difference; exits 1 when it exceeds 1e-4 (relative to the outputs' scale).
"""
import json
import struct
import sys

import numpy as np
import torch
from torch import nn


def read_safetensors(path):
    """name -> float32 tensor (MetaLab writes F32 only), without the safetensors package."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", f"{name}: dtype {entry['dtype']}"
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(values.copy())
    return tensors


def conv4(channels, blocks, classes, in_channels=1):
    """MetaLab's Conv-4 as a flat nn.Sequential: conv (no bias), batch norm, ReLU, max-pool per
    block, then flatten and an optional linear head — the indices its parameter names use."""
    layers, c = [], in_channels
    for _ in range(blocks):
        layers += [nn.Conv2d(c, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels), nn.ReLU(), nn.MaxPool2d(2)]
        c = channels
    layers.append(nn.Flatten())
    return layers, c


def main(checkpoint, probe):
    state = read_safetensors(checkpoint)
    blocks = sum(1 for name in state if name.endswith(".running_mean"))
    channels = state["0.weight"].shape[0]
    layers, _ = conv4(channels, blocks, None)
    head = f"{4 * blocks + 1}.weight"
    if head in state:
        layers.append(nn.Linear(state[head].shape[1], state[head].shape[0]))
    net = nn.Sequential(*layers)
    net.load_state_dict(state, strict=True)
    net.eval()
    data = read_safetensors(probe)
    with torch.no_grad():
        outputs = net(data["images"])
    expected = data["expected"]
    difference = (outputs - expected).abs().max().item()
    scale = max(expected.abs().max().item(), 1.0)
    print(f"PyTorch eval() vs MetaLab running statistics: largest difference {difference:.2e} (outputs up to {scale:.2f})")
    return 0 if difference <= 1e-4 * scale else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
