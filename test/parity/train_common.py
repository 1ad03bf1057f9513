"""The training loop of the torch side of the training-parity tests (train_clip.py, train_blip.py).

A run is described by the test (test/parity/train-run.ts) in DIR/RUN.json — optimiser, schedule,
gradient clipping, micro-batches per step, objectives and their weights — with its batches in
DIR/RUN.batches.safetensors as `STEP.MICRO.NAME`. The loop is plain torch: torch.optim.AdamW or
SGD with two parameter groups (weight decay on matrices only, as vlmc splits them), the warm-up
and decay as torch's own LR schedulers, torch.nn.utils.clip_grad_norm_, and each micro-batch's
weighted losses / K back-propagated into the same `.grad`. It writes DIR/RUN.reference.safetensors
(`loss.STEP.OBJECTIVE`, `lr.STEP`, `grad_norm.STEP`; losses averaged over the micro-batches).
"""
import json
import os
import sys

from ref_common import read_tensors, torch, write_tensors

lr_scheduler = torch.optim.lr_scheduler


def read_run(folder, run):
    """(config, batches): batches[step][micro] is a dict of input tensors."""
    with open(os.path.join(folder, f"{run}.json"), encoding="utf8") as f:
        config = json.load(f)
    tensors, _ = read_tensors(os.path.join(folder, f"{run}.batches.safetensors"))
    batches = [[{} for _ in range(config["accumulate"])] for _ in range(config["steps"])]
    for key, value in tensors.items():
        step, micro, name = key.split(".", 2)
        batches[int(step)][int(micro)][name] = value
    return config, batches


def decays(p):
    """vlmc's rule: weight decay on matrices, none on vectors and scalars (biases, norms,
    temperatures). Ranks are counted without unit axes, since the weight maps squeeze them
    (BLIP's [1, 1, D] class token is vlmc's [D])."""
    return p.squeeze().dim() >= 2


def optimizer_for(named_params, config):
    """torch.optim over the trainable parameters, decayed and undecayed in two groups."""
    opt = config["optimizer"]
    params = [(n, p) for n, p in named_params if p.requires_grad]
    decay_all = opt["decayAll"]
    groups = [
        {"params": [p for _, p in params if decay_all or decays(p)], "weight_decay": opt["weightDecay"]},
        {"params": [p for _, p in params if not (decay_all or decays(p))], "weight_decay": 0.0},
    ]
    lr = config["schedule"]["lr"]
    if opt["kind"] == "sgd":
        return torch.optim.SGD(groups, lr=lr), [p for _, p in params]
    return torch.optim.AdamW(groups, lr=lr, betas=(opt["beta1"], opt["beta2"]), eps=opt["eps"]), [p for _, p in params]


def scheduler_for(optimizer, schedule):
    """A linear warm-up from lr/warmup to lr, then cosine or linear decay reaching minLr at the
    last step — built from torch's LinearLR, CosineAnnealingLR and SequentialLR."""
    warmup, steps, lr, min_lr = schedule["warmup"], schedule["steps"], schedule["lr"], schedule["minLr"]
    decay_steps = max(1, steps - warmup - 1)
    if schedule["kind"] == "cosine":
        decay = lr_scheduler.CosineAnnealingLR(optimizer, T_max=decay_steps, eta_min=min_lr)
    elif schedule["kind"] == "linear":
        decay = lr_scheduler.LinearLR(optimizer, start_factor=1.0, end_factor=min_lr / lr, total_iters=decay_steps)
    else:
        decay = lr_scheduler.ConstantLR(optimizer, factor=1.0, total_iters=0)
    if warmup == 0:
        return decay
    ramp = lr_scheduler.LinearLR(optimizer, start_factor=1.0 / warmup, end_factor=1.0, total_iters=max(1, warmup - 1))
    return lr_scheduler.SequentialLR(optimizer, [ramp, decay], milestones=[warmup])


def train(model, config, batches, losses_of, out_path):
    """Runs the configured steps. `losses_of(batch, step, micro)` gives {objective: loss tensor}
    for one micro-batch (doing whatever state changes the original code does inside forward)."""
    optimizer, params = optimizer_for(model.named_parameters(), config)
    scheduler = scheduler_for(optimizer, config["schedule"])
    weights = config["objectives"]
    k = config["accumulate"]
    clip = config.get("clipGrad")
    out = {}
    for step, micro_batches in enumerate(batches):
        optimizer.zero_grad(set_to_none=True)
        out[f"lr.{step}"] = torch.tensor(optimizer.param_groups[0]["lr"], dtype=torch.float64)
        sums = {name: 0.0 for name in weights}
        for micro, batch in enumerate(micro_batches):
            losses = losses_of(batch, step, micro)
            total = sum(weights[name] * losses[name] for name in weights) / k
            total.backward()
            for name in weights:
                sums[name] += losses[name].item() / k
        norm = torch.nn.utils.clip_grad_norm_([p for p in params if p.grad is not None], clip if clip is not None else float("inf"))
        out[f"grad_norm.{step}"] = norm.detach().to(torch.float64)
        optimizer.step()
        scheduler.step()
        for name, value in sums.items():
            out[f"loss.{step}.{name}"] = torch.tensor(value, dtype=torch.float64)
    write_tensors(out_path, out)


def main(script, init, train_runs):
    """The command line of a training reference: `SCRIPT init DIR` or `SCRIPT train DIR RUN...`."""
    if len(sys.argv) >= 3 and sys.argv[1] == "init":
        init(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "train":
        train_runs(sys.argv[2], sys.argv[3:])
    else:
        raise SystemExit(f"usage: {script} init DIR | train DIR RUN...")
