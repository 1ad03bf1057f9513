"""The training loop behind a generated package's train.py: `python train.py …` or `torchrun … train.py …`.

Flags follow `vlmc train` (cli/commands/train-config.ts): --steps, --batch (the GLOBAL
micro-batch, split over the processes), --accumulate (micro-batches per optimiser step), --lr,
--min-lr, --warmup, --schedule, --weight-decay, --decay-all, --clip-grad, --stage, --seed (the
initial weights' seed and every random draw's), --preset. Under torchrun the processes join one
group (gloo on CPU, nccl on CUDA) and train a DistributedDataParallel wrapper; rank 0 alone logs
and writes checkpoints. --out DIR gets `log.jsonl` (one JSON line per step: step, lr, losses
averaged over ranks, total, grad_norm) and `checkpoint.safetensors` every --checkpoint-every
steps and at the end: the model's tensors under the IR's names plus the training state — AdamW's
moments (`optimizer.m.NAME`, `optimizer.v.NAME`) and, in metadata `vlmc.train`, the step and the
per-parameter step counts, as runtime/train/checkpoint.ts writes them. --resume continues from
it exactly: random draws are keyed by (seed, step) and the synthetic data by example index, so
the step is all the state the data and the draws have. --data PACK reads a folder `vlmc data
pack` wrote (pack_batches.py: the batches `vlmc train --data PACK` reads, each rank its slice);
its position (epoch, index) after the step is stored in the checkpoint too, as vlmc stores it.
--amp bf16 autocasts on CUDA only.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import torch
from torch.nn.parallel import DistributedDataParallel

from . import distributed as dd
from .data import SyntheticBatches
from .pack import PackError
from .pack_batches import PackBatches
from .safetensors import read as read_safetensors
from .trainer import NonFiniteLoss, Trainer
from .weights import TRAIN_META_KEY, TRAINING_STATE_PREFIX, load_checkpoint, save_checkpoint


def parse_args(argv: list, presets: dict) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Train this vlmc model with PyTorch (one process, or torchrun for DDP).")
    p.add_argument("--preset", choices=sorted(presets) or None, help="a named configuration of the spec (default: the variant the package was compiled for)")
    p.add_argument("--data", default="synthetic", help="'synthetic' (examples drawn from the seed), or a folder written by `vlmc data pack`")
    p.add_argument("--steps", type=int, required=True, help="optimiser steps in the whole run")
    p.add_argument("--batch", type=int, default=4, help="global micro-batch size, split over the processes")
    p.add_argument("--accumulate", type=int, default=1, help="micro-batches per optimiser step")
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--min-lr", type=float, default=0.0)
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--schedule", choices=["cosine", "linear", "constant"], default="cosine")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--decay-all", action="store_true", help="decay every parameter, not only rank ≥ 2")
    p.add_argument("--clip-grad", type=float, default=None)
    p.add_argument("--stage", default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--amp", choices=["bf16"], default=None, help="bf16 autocast on CUDA (ignored on CPU)")
    p.add_argument("--out", default=None, help="folder for log.jsonl and checkpoint.safetensors")
    p.add_argument("--checkpoint-every", type=int, default=0, help="also checkpoint every N steps (0: only at the end)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.safetensors")
    args = p.parse_args(argv)
    for flag, v in (("--steps", args.steps), ("--batch", args.batch), ("--accumulate", args.accumulate)):
        if v < 1:
            p.error(f"{flag} must be at least 1, not {v}")
    if args.resume and not args.out:
        p.error("--resume needs --out (the folder holding checkpoint.safetensors)")
    return args


def _run_record(args: argparse.Namespace) -> dict:
    """What must not change between a run and its resumption."""
    return {"batch": args.batch, "accumulate": args.accumulate, "data": args.data, "seed": args.seed, "stage": args.stage or "",
            "preset": args.preset or "", "schedule": args.schedule, "lr": args.lr, "minLr": args.min_lr, "warmup": args.warmup,
            "steps": args.steps, "weightDecay": args.weight_decay, "decayAll": args.decay_all, "clipGrad": args.clip_grad}


def save_training(path: str, model, trainer: Trainer, args: argparse.Namespace, position: dict = None) -> None:
    """`position`: the pack's data position after the step (None for synthetic data, whose position is the step)."""
    meta = {"format": 1, "step": trainer.step, "data": position, "optimizerSteps": dict(trainer.optimizer.t), "run": _run_record(args),
            "config": {"stage": args.stage, "accumulate": args.accumulate, "seed": args.seed, "clipGrad": args.clip_grad,
                       "optimizer": {"kind": "adamw", "weightDecay": args.weight_decay, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "decayAll": args.decay_all},
                       "schedule": {"kind": args.schedule, "lr": args.lr, "warmup": args.warmup, "steps": args.steps, "minLr": args.min_lr}}}
    moments = {TRAINING_STATE_PREFIX + n: t.detach().float() for n, t in trainer.optimizer.moments().items()}
    save_checkpoint(model, path, {TRAIN_META_KEY: json.dumps(meta, separators=(",", ":"))}, moments)


def restore_training(path: str, model, trainer: Trainer, args: argparse.Namespace):
    """Loads the checkpoint into the model and the trainer; the data position it stored (None: synthetic)."""
    tensors, meta = read_safetensors(path)
    if TRAIN_META_KEY not in meta:
        raise SystemExit(f"error: {path} is not a training checkpoint (no '{TRAIN_META_KEY}' metadata)")
    state = json.loads(meta[TRAIN_META_KEY])
    was, now = state.get("run", {}), _run_record(args)
    differ = [f"{k} was {was.get(k)!r}, now {now[k]!r}" for k in now if k != "steps" and was.get(k) != now[k]]
    if differ:
        raise SystemExit(f"error: {path} was written by another run: " + "; ".join(differ))
    load_checkpoint(model, path)
    with torch.no_grad():
        for name, t in trainer.optimizer.moments().items():
            stored = tensors.get(TRAINING_STATE_PREFIX + name)
            if stored is None or list(stored.shape) != list(t.shape):
                raise SystemExit(f"error: {path} has no optimiser state '{TRAINING_STATE_PREFIX}{name}' of shape {list(t.shape)}")
            t.copy_(stored)
    for name in trainer.optimizer.t:
        trainer.optimizer.t[name] = int(state["optimizerSteps"].get(name, 0))
    trainer.step = int(state["step"])
    return state.get("data")


def main(model_class, argv: list = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv, getattr(model_class, "presets", {}))
    device = dd.init_from_env()
    # Without --preset, the variant the package was compiled for (the spec's defaults without one).
    preset = args.preset or getattr(model_class, "default_preset", None)
    config = dict(model_class.presets[preset]) if preset else {}
    model = model_class(**config, seed=args.seed, variant=preset).to(device)
    wrapped = None
    trainer = Trainer(model, stage=args.stage, lr=args.lr, schedule=args.schedule, warmup=args.warmup, steps=args.steps,
                      min_lr=args.min_lr, weight_decay=args.weight_decay, decay_all=args.decay_all, clip_grad=args.clip_grad,
                      seed=args.seed, amp=args.amp)
    if dd.active():
        # Parameters a stage's objectives never reach get no gradient: DDP must be told to expect that.
        wrapped = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None, find_unused_parameters=True)
        trainer.forward = wrapped
    checkpoint = os.path.join(args.out, "checkpoint.safetensors") if args.out else None
    if args.out and dd.rank() == 0:
        os.makedirs(args.out, exist_ok=True)
    position = restore_training(checkpoint, model, trainer, args) if args.resume else None
    pack = None
    if args.data == "synthetic":
        data = SyntheticBatches(getattr(model, "input_specs", {}), args.seed, args.batch, dd.rank(), dd.world(), args.steps * args.accumulate)
    else:
        try:
            pack = PackBatches(args.data, model, batch=args.batch, seed=args.seed, rank=dd.rank(), world=dd.world(), position=position)
        except PackError as e:
            raise SystemExit(str(e)) from None
        if dd.rank() == 0:
            for w in pack.warnings:
                print(w, file=sys.stderr, flush=True)
    log = open(os.path.join(args.out, "log.jsonl"), "a") if args.out and dd.rank() == 0 else None
    try:
        while trainer.step < args.steps:
            first = trainer.step * args.accumulate
            try:
                micro = [data.micro_batch(first + i, device) if pack is None else pack.next(device) for i in range(args.accumulate)]
            except PackError as e:
                raise SystemExit(str(e)) from None
            try:
                report = trainer.train_step(micro)
            except NonFiniteLoss as e:
                raise SystemExit(f"error: {e}") from None
            names = list(report["losses"])
            averaged = dd.average([report["losses"][n] for n in names] + [report["total"]])
            report["losses"], report["total"] = dict(zip(names, averaged[:-1])), averaged[-1]
            if dd.rank() == 0:
                line = json.dumps(report)
                print(line, flush=True)
                if log:
                    log.write(line + "\n")
                    log.flush()
                due = args.checkpoint_every > 0 and trainer.step % args.checkpoint_every == 0
                if checkpoint and (due or trainer.step == args.steps):
                    save_training(checkpoint, model, trainer, args, pack.position if pack else None)
    finally:
        if log:
            log.close()
        if pack:
            pack.close()
        if dd.active():
            # Every rank waits for rank 0's last checkpoint before the group goes away: a rank
            # that tore its gloo group down while another was still writing hung at exit (1 run in 3).
            torch.distributed.barrier()
            torch.distributed.destroy_process_group()
