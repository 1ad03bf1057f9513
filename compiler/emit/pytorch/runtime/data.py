"""Training batches for the package's train.py: a deterministic synthetic dataset, split by rank.

Each synthetic example is a pure function of (seed, index) — every input drawn from its own
random stream keyed `data:INDEX:INPUT` (random.py) — so one process and N processes see the same
global batches. Global micro-batch j holds examples [j·B, (j+1)·B); rank r of N takes the
contiguous slice [j·B + r·B/N, j·B + (r+1)·B/N). Contiguous rather than torch's
DistributedSampler (which interleaves ranks): concatenating the ranks' slices in rank order —
what gather_batch and the queue writes do — then gives back the one-process batch in its order.

What an input holds comes from the model's `input_specs` (the emitter writes it from the IR):
{name: {"dtype": "f32"|"i32"|"bool", "shape": [per-example dims], "below": N (ids), "kind":
"progress" (a scalar: training progress) | "validity" | "words" | "attend"}}. Floats are N(0, 1),
ids uniform in [0, below), validity masks a real prefix then padding, word ids rising along the
text, attention masks all true, other bools fair coins.
"""
from __future__ import annotations

import torch

from .dtypes import torch_dtype
from .random import RandomStream


def example(specs: dict, seed: int, index: int) -> dict:
    out = {}
    for name, spec in specs.items():
        if spec.get("kind") == "progress":
            continue
        shape = [int(d) for d in spec["shape"]]
        n = 1
        for d in shape:
            n *= d
        rng = RandomStream(seed, 0, f"data:{index}:{name}")
        dtype = spec["dtype"]
        kind = spec.get("kind")
        if kind == "validity":
            # A real prefix of at least half the length, then padding (never an empty row).
            width = n
            length = width if width <= 1 else int(width - torch.floor(rng.draws(1)[0] * (width // 2 + 1)).item())
            values = (torch.arange(width) < max(1, length)).to(torch.int64)
        elif kind == "words":
            # Word ids rising along the text; about one token in four continues the previous word.
            steps = (rng.draws(n) < 0.75).to(torch.int64)
            steps[0] = 0
            values = torch.cumsum(steps, 0)
        elif kind == "attend":
            values = torch.ones(n, dtype=torch.bool)
        elif dtype == "bool":
            values = rng.draws(n) < 0.5
        elif dtype in ("i32", "i64"):
            values = torch.floor(rng.draws(n) * int(spec.get("below", 2))).to(torch.int64)
        else:
            values = rng.normal(n)
        out[name] = values.reshape(shape).to(torch_dtype(dtype))
    return out


class SyntheticBatches:
    """Global micro-batch j of size `batch`, this rank's slice of it."""

    def __init__(self, specs: dict, seed: int, batch: int, rank: int = 0, world: int = 1, total: int = 1):
        if batch % world != 0:
            raise ValueError(f"--batch {batch} is the global batch: it must divide among {world} processes")
        self.specs, self.seed, self.batch, self.rank, self.world, self.total = specs, seed, batch, rank, world, total

    def micro_batch(self, j: int, device: torch.device = torch.device("cpu")) -> dict:
        local = self.batch // self.world
        start = j * self.batch + self.rank * local
        rows = [example(self.specs, self.seed, i) for i in range(start, start + local)]
        out = {name: torch.stack([r[name] for r in rows]).to(device) for name in rows[0]} if rows else {}
        for name, spec in self.specs.items():
            if spec.get("kind") == "progress":
                out[name] = torch.tensor(j / max(1, self.total), dtype=torch.float32, device=device)
        return out
