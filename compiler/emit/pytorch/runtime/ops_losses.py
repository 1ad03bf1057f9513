"""The losses and ViLT's optimal transport (compiler/ir/ops/objectives.ts; kernels in
runtime/kernels/objectives/), with torch.nn.functional's `reduction` ("mean", "sum", "none").
cross_entropy follows the tfjs kernel where it departs from torch: when every label is ignored
its mean is 0, not NaN.
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from .opcall import Arg, begin

_NORMALIZE_EPS = 1e-5
_PAD_DENOMINATOR = 1e4


def _reduce(per_item: Tensor, reduction: str, count: Optional[Tensor] = None) -> Tensor:
    if reduction == "none":
        return per_item
    total = per_item.sum()
    if reduction == "sum":
        return total
    return total / (count if count is not None else max(per_item.numel(), 1))


def cross_entropy(logits: Arg, labels: Arg, *, label_smoothing: float = 0, ignore_index: int = -100, reduction: str = "mean") -> Tensor:
    """
    loss_i = (1 − ε)·(−log p_i[y_i]) + ε·mean_c(−log p_i[c]) over logits[..., C] and labels[...];
    labels equal to ignore_index give 0 and are not counted by "mean".
    """
    logits, labels = begin("cross_entropy", logits, labels)
    classes = logits.shape[-1]
    log_probs = torch.log_softmax(logits.reshape(-1, classes), dim=-1)
    flat = labels.reshape(-1)
    kept = flat != ignore_index
    target = torch.where(kept, flat, torch.zeros_like(flat))
    nll = -log_probs.gather(1, target.unsqueeze(1)).squeeze(1)
    per_row = nll * (1 - label_smoothing) + (-log_probs.mean(dim=-1)) * label_smoothing if label_smoothing > 0 else nll
    per_item = torch.where(kept, per_row, torch.zeros_like(per_row)).reshape(labels.shape)
    counted = torch.clamp(kept.to(torch.float32).sum(), min=1)
    return _reduce(per_item, reduction, counted)


def soft_cross_entropy(logits: Arg, targets: Arg, *, reduction: str = "mean") -> Tensor:
    """−Σ_c targets · log_softmax(logits) over the last axis, one loss per row (ALBEF's distillation)."""
    logits, targets = begin("soft_cross_entropy", logits, targets)
    return _reduce(-(targets * torch.log_softmax(logits, dim=-1)).sum(dim=-1), reduction)


def bce_with_logits(logits: Arg, targets: Arg, *, reduction: str = "mean") -> Tensor:
    """(1 − t)·x − log σ(x) per element (binary_cross_entropy_with_logits without weights)."""
    logits, targets = begin("bce_with_logits", logits, targets)
    return _reduce((1 - targets) * logits - F.logsigmoid(logits), reduction)


def mse(a: Arg, b: Arg, *, reduction: str = "mean") -> Tensor:
    a, b = begin("mse", a, b)
    return _reduce((a - b).square(), reduction)


def _padding(valid: Optional[Tensor], batch: int, length: int) -> Tensor:
    """A validity mask (nonzero = valid; None = all valid) as padding flags [B, L, 1]."""
    if valid is None:
        return torch.zeros((batch, length, 1), dtype=torch.bool)
    return torch.broadcast_to(valid == 0, (batch, length)).reshape(batch, length, 1)


def _ipot_plan(cost: Tensor, x_pad: Tensor, y_pad: Tensor, joint: Tensor, beta: float, iterations: int, inner_steps: int) -> Tensor:
    """The IPOT plan for cost C[B, M, N] (masked), without gradient, as the kernel's ipotPlan."""
    zero = torch.zeros((), dtype=cost.dtype)
    x_len = (1 - x_pad.to(torch.float32)).sum(dim=(1, 2), keepdim=True)
    y_len = (1 - y_pad.to(torch.float32)).sum(dim=(1, 2), keepdim=True)
    affinity = torch.where(joint, zero, torch.exp(-cost / beta))
    x_mask = x_pad.to(torch.float32) * _PAD_DENOMINATOR
    y_mask = y_pad.to(torch.float32) * _PAD_DENOMINATOR
    plan = torch.where(joint, zero, torch.ones_like(cost))
    sigma = torch.where(x_pad, zero, 1 / torch.broadcast_to(x_len, x_pad.shape))  # [B, M, 1]
    for _ in range(iterations):
        q = affinity * plan
        s = sigma
        delta = s
        for _ in range(inner_steps):
            delta = 1 / (y_len * torch.matmul(q.transpose(1, 2), s) + y_mask)  # [B, N, 1]
            s = 1 / (x_len * torch.matmul(q, delta) + x_mask)  # [B, M, 1]
        plan = s * q * delta.transpose(1, 2)
        sigma = s
    return torch.where(joint, zero, plan)


def optimal_transport(
    x: Arg,
    y: Arg,
    x_valid: Optional[Tensor] = None,
    y_valid: Optional[Tensor] = None,
    *,
    beta: float = 0.5,
    iterations: int = 50,
    inner_steps: int = 1,
) -> Tensor:
    """
    ViLT's word-patch alignment distance per example: C = 1 − cos(x_i, y_j) (0 at padding), T the
    IPOT plan of C computed without gradient, distance = Σ_ij C_ij T_ij, so the gradient reaches
    x and y only through C.
    """
    x, y, x_valid, y_valid = begin("optimal_transport", x, y, x_valid, y_valid)
    batch, m = x.shape[:2]
    n = y.shape[1]
    x_pad = _padding(x_valid, batch, m)
    y_pad = _padding(y_valid, batch, n)
    joint = x_pad | y_pad.reshape(batch, 1, n)

    def unit(t: Tensor) -> Tensor:
        return t / torch.clamp(torch.sqrt(t.square().sum(dim=-1, keepdim=True)), min=_NORMALIZE_EPS)

    cost = torch.where(joint, torch.zeros((), dtype=x.dtype), 1 - torch.matmul(unit(x), unit(y).transpose(1, 2)))
    with torch.no_grad():
        plan = _ipot_plan(cost.detach(), x_pad, y_pad, joint, beta, iterations, max(1, inner_steps))
    return (cost * plan).sum(dim=(1, 2))


def enqueue(queue: Arg, x: Arg) -> Tensor:
    """
    A feature queue read before this step's write: the queue as it is. The write itself (x into
    the rows at the queue's pointer, after the training step) is queue.py's, as in runtime/api/queue.ts.
    """
    queue, _ = begin("enqueue", queue, x)
    return queue
