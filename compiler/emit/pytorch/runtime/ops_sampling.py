"""The ops that draw random numbers (compiler/ir/ops/*.ts marks them `random`), each drawing
exactly what its tfjs kernel draws, in the same order, from the node's own stream (run seed,
step, node key; random.py): dropout and drop_path (training only), token and patch masks for
masked modelling, and multinomial hard negatives. Only generated masks and indices leave this
file, so a PyTorch model masks and samples exactly as vlmc's runtime does.

Under DDP (world > 1) rank r holds rows [r·b, (r+1)·b) of each global batch of W·b (data.py),
but every rank's op has the same key, so drawing as one process does would give every rank the
draws of rows [0, b). The rule: a tensor whose axis 0 is the local batch size b (Run.local_batch,
the first input's axis 0) is this rank's slice of the global batch, and the op draws rank r's rows
of what the one-process run draws over [W·b, …] — every op here draws row by row along axis 0
(dropout, bernoulli_mask, budget_mask and mask_tokens a fixed count per row in row-major order,
drop_path and multinomial one per row), so the stream skips the draws of the rows before r·b
(RandomStream.skip); patch_block_mask's draws per sample vary, so it runs the samples before
them. Any other tensor draws as one process does: every rank draws the same whole tensor.

Exact: for tensors holding the local batch on axis 0, and for tensors gathered to the global batch
(gather_batch: axis 0 is W·b, every rank holds what the one-process run holds). Not exact: a
concatenation of local blocks ([k·b, …], as ALBEF's image-text matching builds from positives and
negatives) is drawn whole on every rank, where the one-process run's [k·W·b, …] orders its rows
otherwise; a tensor whose axis 0 merely equals b without being the batch (a [T, D] table with
T = b) is sliced as if it were; budget_mask over a 1-D tensor, and bernoulli_mask with `groups` over
one, take the whole row at once, so those draw as one process does.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import torch
from torch import Tensor

from .opcall import Arg, begin_random, operands
from .random import RandomStream

_MIN_ASPECT = 0.3
_ATTEMPTS = 10


def dropout(x: Arg, *, p: float) -> Tensor:
    """
    In training, keeps each element with probability 1 − p, scaled by 1/(1 − p); in eval x itself.
    With p = 0 the compiler emits no node, so the call takes no key either.
    """
    if p == 0:
        (x,) = operands("dropout", (x,))
        return x
    (x,), draw = begin_random("dropout", x)
    if not draw.training:
        return x
    return x * draw.rows_stream(x, _row_size(x)).keep_mask(x.numel(), p).reshape(x.shape)


def drop_path(x: Arg, *, p: float) -> Tensor:
    """Stochastic depth: in training, keeps each sample (axis 0) with probability 1 − p, scaled; p = 0 takes no key."""
    if p == 0:
        (x,) = operands("drop_path", (x,))
        return x
    (x,), draw = begin_random("drop_path", x)
    if not draw.training:
        return x
    batch = x.shape[0]
    mask = draw.rows_stream(x, 1).keep_mask(batch, p)
    return x * mask.reshape(batch, *([1] * (x.dim() - 1)))


def _row_size(x: Tensor) -> int:
    """Elements per row of axis 0."""
    return math.prod(x.shape[1:])


def _f32(v: float) -> Tensor:
    """A threshold as tfjs compares it: a float32 scalar."""
    return torch.tensor(v, dtype=torch.float32)


def bernoulli_mask(x: Arg, groups: Optional[Tensor] = None, *, p: float, exclude: Sequence[int] = ()) -> Tensor:
    """
    Which tokens a masked-language objective hides: each position with probability p, one draw
    per position in row-major order; with `groups` (word ids like x) every piece of a word takes
    the draw at the word's first position in its row. Ids listed in `exclude` are never masked.
    """
    (x, groups), draw = begin_random("bernoulli_mask", x, groups)
    row = x.shape[-1] if x.dim() > 0 else 1
    # With groups a 1-D x is a single row whose words span the ranks: it cannot be split.
    draws = draw.rows_stream(x, _row_size(x), separable=groups is None or x.dim() > 1).uniform(x.numel())
    if groups is not None:
        words = groups.reshape(-1).tolist()
        values = draws.tolist()
        for start in range(0, len(values), row):
            first: dict[int, float] = {}
            for i in range(start, start + row):
                values[i] = first.setdefault(words[i], values[i])
        draws = torch.tensor(values, dtype=torch.float32)
    picked = draws.reshape(x.shape) < _f32(p)
    for token in exclude:
        picked = picked & (x != token)
    return picked


def mask_budget(p: float, n: int) -> int:
    """⌈p·n⌉, with p·n within 1e-9 of an integer taken as that integer (0.15·20 is 3.0000000000000004)."""
    exact = p * n
    near = math.floor(exact + 0.5)
    return near if abs(exact - near) <= 1e-9 * max(1, exact) else math.ceil(exact)


def budget_mask(x: Arg, *, p: float) -> Tensor:
    """Exactly ⌈p·n⌉ of the n positions of every row (last axis) masked: those with the smallest draws (ties by position)."""
    (x,), draw = begin_random("budget_mask", x)
    n = x.shape[-1]
    budget = mask_budget(p, n)
    # Over a 1-D x the budget is the whole tensor's: it cannot be split.
    draws = draw.rows_stream(x, _row_size(x), separable=x.dim() > 1).uniform(x.numel()).reshape(-1, n)
    order = torch.sort(draws, dim=-1, stable=True).indices[:, :budget]
    mask = torch.zeros(draws.shape, dtype=torch.bool)
    mask.scatter_(1, order, True)
    return mask.reshape(x.shape)


def mask_tokens(
    ids: Arg, mask: Arg, *, mask_id: int, vocab: int, p_mask: float = 0.8, p_random: float = 0.1, random_min: int = 0
) -> Tensor:
    """
    BERT's corruption where `mask` is true: mask_id with probability p_mask, a uniform id from
    [random_min, vocab) with probability p_random, else unchanged. Two draws per position, in
    row-major order: the choice, then the random id.
    """
    (ids, mask), draw = begin_random("mask_tokens", ids, mask)
    pairs = draw.rows_stream(ids, 2 * _row_size(ids)).uint32s(2 * ids.numel()).to(torch.float64) / 4294967296.0
    choice = pairs[0::2].to(torch.float32).reshape(ids.shape)
    random_ids = (random_min + torch.floor(pairs[1::2] * (vocab - random_min))).to(ids.dtype).reshape(ids.shape)
    to_mask = mask & (choice < _f32(p_mask))
    to_random = mask & ~to_mask & (choice < _f32(p_mask + p_random))
    randomized = torch.where(to_random, random_ids, ids)
    return torch.where(to_mask, torch.full_like(ids, mask_id), randomized)


def _js_round(v: float) -> int:
    """JavaScript's Math.round: halves round up."""
    return math.floor(v + 0.5)


def _add_block(mask: list[int], h: int, w: int, min_block: int, remaining: int, stream: RandomStream) -> int:
    """One block (BEiT's `_mask`): how many patches it newly masked, 0 after ten failed attempts."""
    log_low, log_high = math.log(_MIN_ASPECT), math.log(1 / _MIN_ASPECT)
    for _ in range(_ATTEMPTS):
        area = min_block + (remaining - min_block) * stream.next()
        aspect = math.exp(log_low + (log_high - log_low) * stream.next())
        bh = _js_round(math.sqrt(area * aspect))
        bw = _js_round(math.sqrt(area / aspect))
        if bw >= w or bh >= h:
            continue
        top = stream.int(0, h - bh + 1)
        left = stream.int(0, w - bw + 1)
        cells = [i * w + j for i in range(top, top + bh) for j in range(left, left + bw)]
        added = bh * bw - sum(mask[c] for c in cells)
        if 0 < added <= remaining:
            for c in cells:
                mask[c] = 1
            return added
    return 0


def patch_block_mask(x: Arg, *, grid_h: int, grid_w: int, ratio: float, min_block: int = 16) -> Tensor:
    """
    BEiT's block-wise masking, bool[B, h·w]: per sample, rectangles are added until about
    round(ratio·h·w) patches are masked or ten attempts in a row add nothing
    (microsoft/unilm beit/masking_generator.py, as runtime/kernels/objectives/patch_block_mask.ts).
    """
    (x,), draw = begin_random("patch_block_mask", x)
    patches = grid_h * grid_w
    target = _js_round(ratio * patches)
    stream = draw.stream()
    # A sample's draws vary in number: the global samples before this rank's are run, not skipped.
    first = draw.first_row(x.shape[0])
    rows = []
    for i in range(first + x.shape[0]):
        mask = [0] * patches
        count = 0
        while count < target:
            added = _add_block(mask, grid_h, grid_w, min_block, target - count, stream)
            if added == 0:
                break
            count += added
        if i >= first:
            rows.append(mask)
    return torch.tensor(rows, dtype=torch.bool).reshape(x.shape[0], patches)


def _weight(p: float) -> float:
    return p if math.isfinite(p) and p > 0 else 0.0


def multinomial(probs: Arg) -> Tensor:
    """
    One index per row of probs[N, C], drawn with probability proportional to the row (weights
    need not sum to 1; negative or non-finite ones count as 0; a row with none positive draws
    uniformly), one draw per row from the node's stream.
    """
    (probs,), draw = begin_random("multinomial", probs)
    stream = draw.rows_stream(probs, 1)
    picks = []
    for row in probs.detach().to(torch.float32).tolist():
        total = 0.0
        for v in row:
            total += _weight(v)
        u = stream.next()
        if total == 0:
            picks.append(min(len(row) - 1, math.floor(u * len(row))))
            continue
        # The last positive class also catches a target that rounding left at or past the sum.
        target = u * total
        pick = -1
        cumulative = 0.0
        for c, v in enumerate(row):
            weight = _weight(v)
            if weight == 0:
                continue
            pick = c
            cumulative += weight
            if cumulative > target:
                break
        picks.append(pick)
    return torch.tensor(picks, dtype=torch.int64)
