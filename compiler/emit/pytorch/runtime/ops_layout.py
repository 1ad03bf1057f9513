"""Reshaping, indexing and selection (compiler/ir/ops/layout.ts; kernels in runtime/kernels/layout/).
Negative axes count from the end; `gather` replaces its axis by the index's shape (tf.gather);
`scatter` sums rows written twice and ignores positions outside the axis; top-k breaks ties
toward the lower index.
"""
from __future__ import annotations

from typing import Sequence, Union

import torch
from torch import Tensor

from .opcall import Arg, begin, ir_dtype, scalar_value, torch_dtype


def reshape(x: Arg, *, shape: Sequence[int]) -> Tensor:
    """To `shape` (one entry may be −1)."""
    (x,) = begin("reshape", x)
    return x.reshape(tuple(shape))


def transpose(x: Arg, *, a: int = -2, b: int = -1) -> Tensor:
    """Swaps two axes (default the last two)."""
    (x,) = begin("transpose", x)
    return x.transpose(a, b)


def permute(x: Arg, *, axes: Sequence[int]) -> Tensor:
    (x,) = begin("permute", x)
    return x.permute(*axes)


def flatten(x: Arg, *, start: int = 0, end: int = -1) -> Tensor:
    """Merges axes start..end (inclusive) into one."""
    (x,) = begin("flatten", x)
    return torch.flatten(x, start, end)


def unsqueeze(x: Arg, *, axis: int) -> Tensor:
    """Inserts an axis of size 1 (a negative axis counts from the end of the result)."""
    (x,) = begin("unsqueeze", x)
    return x.unsqueeze(axis)


def squeeze(x: Arg, *, axis: int) -> Tensor:
    """Removes one axis of size 1."""
    (x,) = begin("squeeze", x)
    return x.squeeze(axis)


def concat(*xs: Union[Tensor, Sequence[Tensor]], axis: int = 0) -> Tensor:
    """Joins tensors along an axis; takes them as arguments or as one list."""
    tensors = list(xs[0]) if len(xs) == 1 and not isinstance(xs[0], Tensor) else list(xs)
    begin("concat")
    return tensors[0] if len(tensors) == 1 else torch.cat(tensors, dim=axis)


def slice(x: Arg, *, axis: int, start: int, end: int) -> Tensor:  # noqa: A001 - the registry's name
    """x[start:end] along one axis; negative bounds count from the end."""
    (x,) = begin("slice", x)
    size = x.shape[axis]
    lo = start + size if start < 0 else start
    hi = end + size if end < 0 else end
    return x.narrow(axis, lo, hi - lo)


def select(x: Arg, *, axis: int, index: int) -> Tensor:
    """x[index] along one axis, removing it; a negative index counts from the end."""
    (x,) = begin("select", x)
    return x.select(axis, index)


def gather(x: Arg, index: Arg, *, axis: int = 0) -> Tensor:
    """out[..., i..., ...] = x[..., index[i...], ...]: the axis replaced by index's shape."""
    x, index = begin("gather", x, index)
    a = axis + x.dim() if axis < 0 else axis
    picked = torch.index_select(x, a, index.reshape(-1))
    return picked.reshape(*x.shape[:a], *index.shape, *x.shape[a + 1 :])


def take_at(x: Arg, positions: Arg) -> Tensor:
    """x[B, T, ...] at positions[B] → x[b, positions[b], ...]; a negative position counts from the end."""
    x, positions = begin("take_at", x, positions)
    steps = x.shape[1]
    wrapped = torch.where(positions < 0, positions + steps, positions)
    return x[torch.arange(x.shape[0]), wrapped]


def broadcast_to(x: Arg, *, shape: Sequence[int]) -> Tensor:
    (x,) = begin("broadcast_to", x)
    return torch.broadcast_to(x, tuple(shape))


def one_hot(indices: Arg, *, depth: int, dtype: str = "f32") -> Tensor:
    """indices[...] → [..., depth] of `dtype`; an index outside [0, depth) gives a row of zeros."""
    (indices,) = begin("one_hot", indices)
    return (indices.unsqueeze(-1) == torch.arange(depth)).to(torch_dtype(dtype))


def fill_diagonal(x: Arg, *, value: float = 0) -> Tensor:
    """x with x[..., i, i] set to `value` on the last two axes (non-square allowed)."""
    (x,) = begin("fill_diagonal", x)
    rows, cols = x.shape[-2:]
    diagonal = torch.arange(rows).unsqueeze(1) == torch.arange(cols)
    filler = torch.tensor(scalar_value(value, ir_dtype(x)), dtype=x.dtype)
    return torch.where(diagonal, filler, x)


def scatter(x: Arg, index: Arg, src: Arg, *, axis: int = 1) -> Tensor:
    """
    x with rows of src written at positions along an axis: with x as [P, N, R], src as
    [P, K, R] and hit = one_hot(index)[P, K, N], out = x·(1 − max_k hit) + hitᵀ @ src, so a
    position outside [0, N) writes nothing and one written twice sums its rows (the kernel's
    formula, which fixes the gradient too). Integers and bools go through float32 as there.
    """
    x, index, src = begin("scatter", x, index, src)
    a = axis + x.dim() if axis < 0 else axis
    n, k = x.shape[a], index.shape[a]
    p = 1
    for d in x.shape[:a]:
        p *= d
    r = 1
    for d in x.shape[a + 1 :]:
        r *= d
    hit = (index.reshape(p, k, 1) == torch.arange(n)).to(torch.float32)  # [P, K, N]
    written = hit.amax(dim=1).reshape(p, n, 1)
    kept = x.reshape(p, n, r).to(torch.float32) * (1 - written)
    placed = torch.matmul(hit.transpose(1, 2), src.reshape(p, k, r).to(torch.float32))
    out = (kept + placed).reshape(x.shape)
    if x.dtype == torch.bool:
        return out != 0
    return out.to(x.dtype)


def _top(x: Tensor, k: int) -> Tensor:
    """The indices of the k largest values of the last axis, largest first, ties to the lower index."""
    return torch.sort(x, dim=-1, descending=True, stable=True).indices[..., :k]


def topk_values(x: Arg, *, k: int) -> Tensor:
    """The k largest values of the last axis, largest first (the gradient lands on them)."""
    (x,) = begin("topk_values", x)
    return torch.gather(x, -1, _top(x.detach(), k))


def topk_indices(x: Arg, *, k: int) -> Tensor:
    (x,) = begin("topk_indices", x)
    return _top(x.detach(), k)


def padding_mask(valid: Arg) -> Tensor:
    """A [B, S] validity tensor (nonzero = a real token) → bool[B, 1, S], broadcast over queries."""
    (valid,) = begin("padding_mask", valid)
    mask = valid if valid.dtype == torch.bool else valid != 0
    return mask.unsqueeze(1)
