"""Initial values of parameters and buffers, exactly as vlmc's runtime draws them (runtime/init.ts).

Each tensor gets its own random stream keyed by `init:NAME` (random.py, the port of
runtime/random.ts), so a value depends only on the seed and the tensor's full name: a generated
torch model and `vlmc run --seed S` start from identical weights whatever else the model holds.
Arithmetic is done in float64 and rounded to float32 once, where JavaScript stores into a
Float32Array, so the values agree to the bit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from .dtypes import torch_dtype
from .random import RandomStream

KINDS = ("zeros", "ones", "constant", "normal", "trunc_normal", "uniform", "xavier_uniform", "unit_normal")


@dataclass(frozen=True)
class InitSpec:
    """An initialiser of compiler/ir/init.ts and its arguments (`rt.init("trunc_normal", std=0.02)`)."""

    kind: str
    args: dict = field(default_factory=dict)

    def arg(self, name: str, default: float = 0.0) -> float:
        return float(self.args.get(name, default))


def init(kind: str, **args: float) -> InitSpec:
    """The spec's `init: kind(args…)`; an unknown kind raises ValueError naming the known ones."""
    if kind not in KINDS:
        raise ValueError(f"unknown initialiser '{kind}' (known: {', '.join(KINDS)})")
    return InitSpec(kind, dict(args))


def fans(shape: list) -> tuple:
    """PyTorch's fans of a tensor of rank ≥ 2, [out, in, *receptive]: (fan_in, fan_out)."""
    if len(shape) < 2:
        raise ValueError(f"fan-based initialisation needs rank ≥ 2, not {list(shape)}")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def initial_value(name: str, dtype: str, shape: list, spec: InitSpec, seed: int) -> torch.Tensor:
    """The initial value of the tensor `name` under `spec` for the run's seed (runtime/init.ts initialValue)."""
    n = math.prod(shape)
    rng = lambda: RandomStream(seed, 0, f"init:{name}")  # noqa: E731 - drawn only by random kinds
    kind = spec.kind
    if kind == "zeros":
        flat = torch.zeros(n, dtype=torch.float64)
    elif kind == "ones":
        flat = torch.ones(n, dtype=torch.float64)
    elif kind == "constant":
        flat = torch.full((n,), spec.arg("value"), dtype=torch.float64)
    elif kind == "normal":
        flat = rng().fill_normal(n, spec.arg("mean"), spec.arg("std", 0.02), math.inf)
    elif kind == "trunc_normal":
        flat = rng().fill_normal(n, spec.arg("mean"), spec.arg("std", 0.02), 2.0)
    elif kind == "uniform":
        low, high = spec.arg("low"), spec.arg("high")
        flat = low + (high - low) * rng().draws(n)
    elif kind == "xavier_uniform":
        fan_in, fan_out = fans(list(shape))
        a = spec.arg("gain", 1.0) * math.sqrt(6 / (fan_in + fan_out))
        flat = (2 * rng().draws(n) - 1) * a
    elif kind == "unit_normal":
        flat = _unit_rows(rng().fill_normal(n, 0.0, 1.0, math.inf), shape[-1] if shape else 1)
    else:
        raise ValueError(f"unknown initialiser '{kind}' (known: {', '.join(KINDS)})")
    # Integer and bool tensors take the values as runtime/init.ts's Int32Array/Uint8Array would:
    # only zeros, ones and constants make sense for them (queue pointers start at zero).
    return flat.to(torch.float32).to(torch_dtype(dtype)).reshape(list(shape))


def _unit_rows(values: torch.Tensor, width: int) -> torch.Tensor:
    """Each row of float32 draws scaled to unit L2 norm, summed in order as init.ts's loop sums them."""
    data = values.to(torch.float64).tolist()
    out = []
    for row in range(0, len(data), width):
        chunk = data[row : row + width]
        norm = 0.0
        for x in chunk:
            norm += x * x
        scale = 1 / max(math.sqrt(norm), 1e-12)
        out.extend(x * scale for x in chunk)
    return torch.tensor(out, dtype=torch.float64)
