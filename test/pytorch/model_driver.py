"""The Python side of model-runtime.test.ts: builds the hand-written Tiny model (tiny_model.py,
copied by the test into PKG/tinypkg/ beside vlmc's torch runtime) and does one task, writing a JSON
report the test asserts on.

  model_driver.py PKG state IR_FILE TORCH_FILE OUT      keys, initial values against vlmc's, checkpoints both ways
  model_driver.py PKG steps BATCHES IR_AFTER OUT        training steps against the IR Trainer's result
  model_driver.py PKG compare A B OUT                   max difference of two checkpoints' tensors
  model_driver.py PKG killed ARGS_JSON DIR OUT          a run killed mid-way, then resumed
  model_driver.py PKG ddp N ARGS_JSON OUT               train.py in N processes, launched as torchrun launches them
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import torch

sys.path.insert(0, sys.argv[1])
from tinypkg.model import Linear, Tiny  # noqa: E402
from tinypkg.runtime import SparseList, load_checkpoint, save_checkpoint  # noqa: E402
from tinypkg.runtime.safetensors import read  # noqa: E402
from tinypkg.runtime.trainer import Trainer  # noqa: E402


def max_diff(a: torch.Tensor, b: torch.Tensor) -> float:
    if list(a.shape) != list(b.shape):
        return float("inf")
    return float((a.double() - b.double()).abs().max()) if a.numel() else 0.0


def against(model, file: str) -> dict:
    """Each stored tensor's max difference from the file's (IR names); `missing` lists names the file lacks."""
    tensors, _ = read(file)
    stored = {**model.named_owner_parameters(), **model.named_ir_buffers()}
    return {name: max_diff(t.detach(), tensors[name]) if name in tensors else "missing" for name, t in stored.items()}


def state(ir_file: str, torch_file: str) -> dict:
    model = Tiny(seed=2)
    report = {
        "keys": sorted(model.state_dict().keys()),
        "aliasShared": model.a.weight is model.b.weight,
        "initial": against(model, ir_file),
    }
    save_checkpoint(model, torch_file)
    _, meta = read(torch_file)
    # A filtered list keeps each element's position in the iterable as its name.
    sparse = SparseList({3: Linear(2, 2), 1: Linear(2, 3)})
    report["sparse"] = {"names": [n for n, _ in sparse.named_parameters()], "order": [m.weight.shape[0] for m in sparse],
                        "at3": sparse[3] is list(sparse)[1], "last": sparse[-1] is sparse[3], "len": len(sparse)}
    report["metadata"] = meta
    other = Tiny(seed=9)
    load_checkpoint(other, ir_file)
    report["loaded"] = against(other, ir_file)
    report["loadedShared"] = other.a.weight is other.b.weight
    try:
        load_checkpoint(Tiny(dim=4), ir_file)
        report["refused"] = None
    except ValueError as e:
        report["refused"] = str(e)
    return report


def steps(batches_file: str, ir_after: str) -> dict:
    spec = json.load(open(batches_file))
    model = Tiny(seed=2)
    trainer = Trainer(model, lr=1e-2, schedule="cosine", warmup=1, steps=len(spec["batches"]), clip_grad=0.5, seed=11)
    reports = []
    for b in spec["batches"]:
        batch = {"x": torch.tensor(b["x"], dtype=torch.float32).reshape(-1, 12), "y": torch.tensor(b["y"], dtype=torch.int64)}
        reports.append(trainer.train_step([batch]))
    return {"reports": reports, "after": against(model, ir_after)}


def compare(a: str, b: str) -> dict:
    ta, ma = read(a)
    tb, _ = read(b)
    return {"names": sorted(ta), "same_names": sorted(ta) == sorted(tb), "diff": {n: max_diff(ta[n], tb[n]) for n in ta if n in tb},
            "train": json.loads(ma.get("vlmc.train", "null"))}


def killed(args_file: str, folder: str) -> dict:
    """Starts a run, SIGKILLs it once it has logged step 12 (a checkpoint was written at step 10), resumes it."""
    args = json.load(open(args_file))
    cmd = [sys.executable, os.path.join(sys.argv[1], "train.py"), *args, "--out", folder]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    seen = -1
    for line in proc.stdout:
        seen = json.loads(line)["step"]
        if seen >= 12:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    resumed = subprocess.run([*cmd, "--resume"], capture_output=True, text=True)
    return {"killedAt": seen, "rc": proc.returncode, "resumeRc": resumed.returncode, "resumeErr": resumed.stderr[-2000:],
            "resumedFrom": json.loads(resumed.stdout.splitlines()[0])["step"] if resumed.stdout else None}


def ddp(n: str, args_file: str) -> dict:
    """
    Starts train.py in N processes with torchrun's environment contract (RANK, LOCAL_RANK,
    WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT on a free loopback port). Debian's
    torchrun 1.13 cannot start workers under Python 3.11 (its Std.from_str compares an IntFlag
    with an int and gets None), so the test launches the workers itself, as torchrun would.
    """
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    world = int(n)
    procs = []
    for r in range(world):
        env = {**os.environ, "RANK": str(r), "LOCAL_RANK": str(r), "WORLD_SIZE": str(world), "LOCAL_WORLD_SIZE": str(world),
               "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port)}
        cmd = [sys.executable, os.path.join(sys.argv[1], "train.py"), *json.load(open(args_file))]
        procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outs = [p.communicate(timeout=150) for p in procs]
    return {"rcs": [p.returncode for p in procs], "stderr": [e[-2000:] for _, e in outs], "rank0": outs[0][0], "rank1": outs[1][0] if world > 1 else ""}


if __name__ == "__main__":
    task, rest, out = sys.argv[2], sys.argv[3:-1], sys.argv[-1]
    result = {"state": state, "steps": steps, "compare": compare, "killed": killed, "ddp": ddp}[task](*rest)
    with open(out, "w") as f:
        json.dump(result, f)
