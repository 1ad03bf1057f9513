"""The source ops: constants, fills, ranges and masks (compiler/ir/ops/sources.ts; kernels in
runtime/kernels/sources/). `input`, `param` and `buffer` are not here: in generated code they are
the model's arguments and its modules' fields.
"""
from __future__ import annotations

from typing import Sequence

import torch
from torch import Tensor

from .opcall import begin, constant_tensor, scalar_value, torch_dtype


def constant(*, value: float, dtype: str) -> Tensor:
    """A scalar of `dtype` (an integer truncated toward zero, a bool nonzero)."""
    begin("constant")
    return constant_tensor(value, dtype)


def full(*, shape: Sequence[int], value: float = 0, dtype: str = "f32") -> Tensor:
    """A tensor of `shape` filled with one value, converted as `constant` converts it."""
    begin("full")
    return torch.full(tuple(shape), scalar_value(value, dtype), dtype=torch_dtype(dtype))


def dim_value(*, dim: int, dtype: str = "f32") -> Tensor:
    """A dimension's size in this run as a scalar (`loss / B`)."""
    begin("dim_value")
    return constant_tensor(dim, dtype)


def arange(*, n: int) -> Tensor:
    """0, 1, …, n − 1 (the IR's i32[n])."""
    begin("arange")
    return torch.arange(n, dtype=torch.int64)


def causal_mask(*, n: int) -> Tensor:
    """bool[n, n], true where query i may attend to key j, i.e. j ≤ i."""
    begin("causal_mask")
    return torch.ones((n, n), dtype=torch.bool).tril()


def block_mask(*, sizes: Sequence[int], pattern: Sequence[Sequence[str]]) -> Tensor:
    """
    bool[S, S] over segments of the given sizes: pattern[i][j] says whether segment i sees
    segment j ("full"), not ("none"), or causally on its own diagonal block ("causal").
    """
    begin("block_mask")
    total = sum(sizes)
    mask = torch.zeros((total, total), dtype=torch.bool)
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    for i, rows in enumerate(sizes):
        for j, cols in enumerate(sizes):
            how = pattern[i][j]
            if how == "none":
                continue
            for p in range(rows):
                seen = min(p + 1, cols) if how == "causal" else cols
                mask[starts[i] + p, starts[j] : starts[j] + seen] = True
    return mask
