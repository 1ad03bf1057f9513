"""The learning-rate schedule and the optimiser of `vlmc train`, step for step.

learning_rate is runtime/train/schedule.ts: a linear warm-up from 0 to the peak over `warmup`
steps, then a cosine or linear decay to `min_lr` at the last step, or a constant rate. AdamW is
runtime/train/optimizer.ts (torch.optim.AdamW's arithmetic, in its operation order): decoupled
weight decay p ← p·(1 − lr·wd), then p ← p − (lr / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε), with a
step count per parameter that does not advance on a step that gives it no gradient. Only
parameters of rank ≥ 2 are decayed (biases, norm scales, temperatures are not), unless
`decay_all`. Written out rather than torch.optim.AdamW so the moments and step counts are those a
vlmc checkpoint stores (`optimizer.m.NAME`, `optimizer.v.NAME`, `optimizerSteps`).
"""
from __future__ import annotations

import math

import torch


def learning_rate(kind: str, lr: float, warmup: int, steps: int, min_lr: float, step: int) -> float:
    if warmup > 0 and step < warmup:
        return lr * (step + 1) / warmup
    if kind == "constant":
        return lr
    span = max(1, steps - warmup - 1)
    t = min(1.0, max(0.0, (step - warmup) / span))
    frac = 0.5 * (1 + math.cos(math.pi * t)) if kind == "cosine" else 1 - t
    return min_lr + (lr - min_lr) * frac


class AdamW:
    def __init__(self, params: dict, weight_decay: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, decay_all: bool = False):
        self.params = params
        self.weight_decay, self.beta1, self.beta2, self.eps = weight_decay, beta1, beta2, eps
        self.decay = {n: decay_all or p.dim() >= 2 for n, p in params.items()}
        self.m = {n: torch.zeros_like(p, memory_format=torch.contiguous_format) for n, p in params.items()}
        self.v = {n: torch.zeros_like(p, memory_format=torch.contiguous_format) for n, p in params.items()}
        self.t = {n: 0 for n in params}

    @torch.no_grad()
    def apply(self, grads: dict, lr: float) -> None:
        """One step at `lr`; a parameter without a gradient in `grads` is left alone."""
        b1, b2, eps = self.beta1, self.beta2, self.eps
        for name, p in self.params.items():
            g = grads.get(name)
            if g is None:
                continue
            self.t[name] += 1
            bc1 = 1 - b1 ** self.t[name]
            bc2 = 1 - b2 ** self.t[name]
            decay = 1 - lr * self.weight_decay if self.decay[name] and self.weight_decay > 0 else 1
            m = self.m[name].mul_(b1).add_(g * (1 - b1))
            v = self.v[name].mul_(b2).add_(g.square() * (1 - b2))
            denom = v.sqrt() / math.sqrt(bc2) + eps
            decayed = p * decay if decay != 1 else p
            p.copy_(decayed - (m / denom) * (lr / bc1))

    def moments(self) -> dict:
        """`m.NAME` and `v.NAME` (checkpoint names without the `optimizer.` prefix)."""
        out = {f"m.{n}": t for n, t in self.m.items()}
        out.update({f"v.{n}": t for n, t in self.v.items()})
        return out


def global_norm(grads: dict) -> float:
    if not grads:
        return 0.0
    return float(torch.sqrt(sum(g.float().square().sum() for g in grads.values())))
