"""Products, convolution, lookups and attention (compiler/ir/ops/linalg.ts; kernels in
runtime/kernels/linalg/), in torch's layouts: linear's weight is [out, in], conv2d is NCHW.
Attention is spelled out (not torch's fused kernel) to keep the tfjs kernel's mask convention
(−1e9, so a fully masked row attends uniformly) and to draw its dropout from the node's stream.
"""
from __future__ import annotations

import math
import struct
from functools import lru_cache
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from .opcall import Arg, begin, begin_random

# Large enough that exp(masked − max) underflows to 0, finite so a fully masked row stays finite.
_MASKED_SCORE = -1e9
# Keys' cubic convolution constant (torch's and ONNX Runtime's bicubic): compiler/ir/ops/bicubic.ts.
_CUBIC_A = -0.75


def linear(x: Arg, weight: Arg, bias: Optional[Tensor] = None) -> Tensor:
    """x[..., in] · Wᵀ + b with W[out, in]."""
    x, weight, bias = begin("linear", x, weight, bias)
    return F.linear(x, weight, bias)


def matmul(a: Arg, b: Arg) -> Tensor:
    """a[..., m, k] @ b[..., k, n], batch axes broadcast."""
    a, b = begin("matmul", a, b)
    return torch.matmul(a, b)


def conv2d(x: Arg, weight: Arg, bias: Optional[Tensor] = None, *, stride: int = 1, padding: int = 0) -> Tensor:
    """x[N, C, H, W] with weight[O, C, kh, kw] → [N, O, H', W']."""
    x, weight, bias = begin("conv2d", x, weight, bias)
    return F.conv2d(x, weight, bias, stride=stride, padding=padding)


def embedding(ids: Arg, table: Arg) -> Tensor:
    """Rows of table[V, D] at integer ids[...] → [..., D]."""
    ids, table = begin("embedding", ids, table)
    return F.embedding(ids, table)


def _split_heads(x: Tensor, heads: int) -> Tensor:
    b, t, d = x.shape
    return x.reshape(b, t, heads, d // heads).transpose(1, 2)


def attention(
    q: Arg,
    k: Arg,
    v: Arg,
    mask: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    *,
    heads: int,
    scale: Optional[float] = None,
    dropout: float = 0,
) -> Tensor:
    """
    Multi-head scaled dot-product attention, q[B, T, D], k[B, S, D], v[B, S, Dv] → [B, T, Dv]:
    scores = q_h·k_hᵀ·scale (+ bias), −1e9 where the mask (true = may attend; a rank-3 mask is
    one for all heads) is false, softmax over S, dropout on the probabilities in training.
    """
    (q, k, v, mask, bias), draw = begin_random("attention", q, k, v, mask, bias)
    if scale is None:
        scale = 1 / math.sqrt(q.shape[2] / heads)
    scores = torch.matmul(_split_heads(q, heads), _split_heads(k, heads).transpose(-1, -2)) * scale
    if bias is not None:
        scores = scores + bias
    if mask is not None:
        aligned = mask.unsqueeze(1) if mask.dim() == 3 else mask
        scores = torch.where(aligned, scores, torch.tensor(_MASKED_SCORE, dtype=scores.dtype))
    probs = torch.softmax(scores, dim=-1)
    if draw.training and dropout > 0:
        # Row-major draws over [B, heads, T, S]: under DDP, this rank's rows of the global batch.
        stream = draw.rows_stream(probs, probs.numel() // max(1, probs.shape[0]))
        probs = probs * stream.keep_mask(probs.numel(), dropout).reshape(probs.shape)
    out = torch.matmul(probs, _split_heads(v, heads))  # [B, heads, T, Dv/heads]
    b, _, t, _ = out.shape
    return out.transpose(1, 2).reshape(b, t, -1)


@lru_cache(maxsize=None)
def _relative_position_index(h: int, w: int) -> tuple[int, ...]:
    """BEiT's relative_position_index (compiler/ir/ops/relative-position.ts), flattened [N·N], N = h·w + 1."""
    table_rows = (2 * h - 1) * (2 * w - 1) + 3
    n = h * w + 1
    index = [0] * (n * n)
    for i in range(1, n):
        ri, ci = (i - 1) // w, (i - 1) % w
        for j in range(1, n):
            rj, cj = (j - 1) // w, (j - 1) % w
            index[i * n + j] = (ri - rj + h - 1) * (2 * w - 1) + (ci - cj + w - 1)
    for j in range(n):
        index[j] = table_rows - 3  # class token → every position
    for i in range(n):
        index[i * n] = table_rows - 2  # every position → class token
    index[0] = table_rows - 1
    return tuple(index)


def relative_position_bias(table: Arg, *, grid_h: int, grid_w: int) -> Tensor:
    """BEiT's per-head bias table[(2h−1)(2w−1)+3, heads] gathered into [heads, N, N]."""
    (table,) = begin("relative_position_bias", table)
    n = grid_h * grid_w + 1
    index = torch.tensor(_relative_position_index(grid_h, grid_w), dtype=torch.int64)
    return table[index].reshape(n, n, -1).permute(2, 0, 1)


def _f32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


@lru_cache(maxsize=None)
def _bicubic_matrix(source: int, to: int) -> tuple[float, ...]:
    """
    The [to, from] matrix resizing one axis bicubically (compiler/ir/ops/bicubic.ts): each entry
    accumulated in float32, as the Float32Array there holds it.
    """
    a = _CUBIC_A

    def near(x: float) -> float:
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x: float) -> float:
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    m = [0.0] * (to * source)
    scale = source / to
    for i in range(to):
        at = (i + 0.5) * scale - 0.5
        base = math.floor(at)
        t = at - base
        weights = (far(t + 1), near(t), near(1 - t), far(2 - t))
        for tap in range(4):
            j = min(max(base - 1 + tap, 0), source - 1)
            m[i * source + j] = _f32(m[i * source + j] + weights[tap])
    return tuple(m)


def _along(source: int, to: int) -> Tensor:
    return torch.tensor(_bicubic_matrix(source, to), dtype=torch.float32).reshape(to, source)


def resize_positions(table: Arg, *, grid_h: int, grid_w: int, to_h: int, to_w: int, prefix: int = 1) -> Tensor:
    """
    A position table [..., prefix + h·w, D] on an h×w grid resized bicubically to H×W (torch's
    interpolate(mode="bicubic", align_corners=False)), its first `prefix` rows kept.
    """
    (table,) = begin("resize_positions", table)
    lead = table.shape[:-2]
    d = table.shape[-1]
    flat = table.reshape(-1, prefix + grid_h * grid_w, d)
    grid = flat[:, prefix:].reshape(-1, grid_h, grid_w, d)
    if grid_h != to_h:
        grid = torch.einsum("Hh,bhwd->bHwd", _along(grid_h, to_h), grid)
    if grid_w != to_w:
        grid = torch.einsum("Ww,bhwd->bhWd", _along(grid_w, to_w), grid)
    patches = grid.reshape(flat.shape[0], to_h * to_w, d)
    out = patches if prefix == 0 else torch.cat([flat[:, :prefix], patches], dim=1)
    return out.reshape(*lead, prefix + to_h * to_w, d)
