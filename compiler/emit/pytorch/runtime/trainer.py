"""One training step of a generated model, as runtime/train/trainer.ts Trainer.trainStep takes it.

The stage's objectives on K micro-batches — each forward in a training run keyed by
(seed, step·K + i), so dropout masks and drawn negatives are the IR runtime's — with
Σ weight · loss / K differentiated and the gradients summed over the micro-batches; a non-finite
loss stops the step before anything changes; an optional clip by global norm; AdamW at the
schedule's rate (optim.py); then the state updates in the IR's order: every momentum copy moves
toward its source, then the queue writes of the step are applied in call order (queue.py).
Under DDP the forward runs through the DistributedDataParallel wrapper, the first K − 1
micro-batches under `no_sync` (their gradients accumulate locally; the last backward all-reduces
the sum), and DDP's averaging over ranks gives the one-process gradient (distributed.py).
"""
from __future__ import annotations

import contextlib
import math
from typing import Optional

import torch

from .momentum import momentum_step
from .optim import AdamW, global_norm, learning_rate
from .queue import apply_write
from .run import with_run


class NonFiniteLoss(RuntimeError):
    pass


class Trainer:
    def __init__(self, model, *, stage: Optional[str] = None, lr: float = 1e-4, schedule: str = "cosine", warmup: int = 0, steps: int = 1,
                 min_lr: float = 0.0, weight_decay: float = 0.01, decay_all: bool = False, clip_grad: Optional[float] = None, seed: int = 0,
                 wrapped=None, amp: Optional[str] = None):
        self.model = model
        self.stage = stage
        self.objectives = model.stage_objectives(stage)
        if not self.objectives:
            raise ValueError(f"{model.model_name}: nothing to train (no objective{' in stage ' + stage if stage else ''})")
        self.trainable = model.trainable_parameters(stage)
        if not self.trainable:
            raise ValueError(f"{model.model_name}: nothing to train (every parameter is frozen{' in stage ' + stage if stage else ''})")
        trainable_ids = {id(p) for p in self.trainable.values()}
        for p in model.parameters():
            p.requires_grad_(id(p) in trainable_ids and p.is_floating_point())
        self.optimizer = AdamW(self.trainable, weight_decay=weight_decay, decay_all=decay_all)
        self.schedule = (schedule, lr, warmup, steps, min_lr)
        self.clip_grad, self.seed = clip_grad, seed
        self.forward = wrapped if wrapped is not None else model
        # "bf16": autocast on CUDA (bf16 keeps float32's range, so no loss scaling is needed).
        self.amp = amp
        self.step = 0

    def train_step(self, micro: list) -> dict:
        """One optimiser step over the micro-batches (each a dict of input tensors)."""
        k = len(micro)
        lr = learning_rate(*self.schedule, self.step)
        sums = {o: 0.0 for o in self.objectives}
        writes: list = []
        for p in self.trainable.values():
            p.grad = None
        for i, batch in enumerate(micro):
            last = i == k - 1
            sync = contextlib.nullcontext() if last or not hasattr(self.forward, "no_sync") else self.forward.no_sync()
            with sync, with_run(training=True, seed=self.seed, step=self.step * k + i) as run:
                with self._autocast():
                    _, losses = self.forward(batch)
                writes.extend(run.writes)
                run.writes.clear()
                total = None
                for o in self.objectives:
                    if o not in losses:
                        raise RuntimeError(f"{self.model.model_name}.forward returned no loss '{o}'")
                    term = losses[o].float() * (self.model.objectives[o] / k)
                    total = term if total is None else total + term
                    sums[o] += float(losses[o]) / k
                total.backward()
        bad = {o: l for o, l in sums.items() if not math.isfinite(l)}
        if bad:
            raise NonFiniteLoss(f"step {self.step + 1}: the loss is not finite ({', '.join(f'{o} = {l}' for o, l in bad.items())}); nothing was changed")
        grads = {n: p.grad for n, p in self.trainable.items() if p.grad is not None}
        norm = global_norm(grads)
        if self.clip_grad is not None and norm > self.clip_grad:
            grads = {n: g * (self.clip_grad / (norm + 1e-6)) for n, g in grads.items()}
        self.optimizer.apply(grads, lr)
        self._apply_updates(writes)
        return self._report(sums, lr, norm)

    def _report(self, sums: dict, lr: float, norm: float) -> dict:
        total = sum(self.model.objectives[o] * sums[o] for o in self.objectives)
        out = {"step": self.step, "lr": lr, "losses": sums, "total": total, "grad_norm": norm}
        self.step += 1
        return out

    def _autocast(self):
        if self.amp is None or not torch.cuda.is_available():
            return contextlib.nullcontext()
        return torch.autocast("cuda", dtype=torch.bfloat16)

    @torch.no_grad()
    def _apply_updates(self, writes: list) -> None:
        """Momentum copies follow their sources, then the queues take this step's writes."""
        model = self.model
        owners = model.named_owner_parameters()
        for link in model.momentum_links:
            # An alias inside a copy reads its owner there, which has its own link.
            if link.param in model.aliases:
                continue
            momentum_step(owners[link.param], owners[model.aliases.get(link.source, link.source)], link.decay)
        for w in writes:
            apply_write(w)
