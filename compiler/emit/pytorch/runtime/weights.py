"""Checkpoints of a generated torch model in vlmc's own format (runtime/weights/save.ts, load.ts).

One safetensors tensor per parameter owner — learned and momentum — and per buffer, under the
IR's names, in the IR's dtypes, with the metadata vlmc writes (runtime/weights/metadata.ts:
format, model, variant, the share map {alias: owner}). So a file `vlmc run --save` or
`vlmc train` wrote loads here, and one saved here loads into `vlmc run --weights`. Loading follows
runtime/weights/load-plan.ts: a share group may be named by its owner or any alias (copies must
agree), momentum copies the file lacks start from their sources, buffers it lacks keep their
values, a training checkpoint's optimiser state (`optimizer.*`) is skipped; anything missing,
unexpected, mis-shaped or mis-typed stops the load before a single value changes, with a
ValueError listing it all. Values are copied into the existing tensors, so sharing survives.
"""
from __future__ import annotations

import json

import torch

from . import safetensors
from .dtypes import loads_into, storage_of, torch_dtype

CHECKPOINT_FORMAT = "1"
TRAINING_STATE_PREFIX = "optimizer."
TRAIN_META_KEY = "vlmc.train"
_MAX_LISTED = 20

_STORED_AS = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I32": torch.int32, "I64": torch.int64, "BOOL": torch.bool}


def metadata(model, extra: dict = None) -> dict:
    """The `__metadata__` of a checkpoint of `model` (metadata.ts vlmcMetadata)."""
    shares = {k: model.aliases[k] for k in sorted(model.aliases)}
    return {
        **(extra or {}),
        "vlmc.format": CHECKPOINT_FORMAT,
        "vlmc.model": model.model_name,
        "vlmc.variant": model.variant or "",
        "vlmc.shares": json.dumps(shares, separators=(",", ":"), ensure_ascii=False),
    }


def stored_tensors(model) -> dict:
    """Every tensor a checkpoint holds: owners (learned and momentum) and buffers, by IR name."""
    return {**model.named_owner_parameters(), **model.named_ir_buffers()}


def save_checkpoint(model, path: str, extra_metadata: dict = None, extra_tensors: dict = None) -> None:
    """Writes the model's weights and buffers (and any extra tensors, such as optimiser moments) atomically."""
    out = {}
    for name, t in stored_tensors(model).items():
        out[name] = t.detach().to(_STORED_AS[storage_of(model.declared(name).dtype)])
    out.update(extra_tensors or {})
    safetensors.write(path, out, metadata(model, extra_metadata))


def load_checkpoint(model, path: str) -> dict:
    """
    Loads a vlmc checkpoint into `model`; returns {"filled_momentum": [...], "kept_buffers": [...]}
    (what was filled in rather than read). Raises ValueError listing every problem, changing nothing.
    """
    tensors, meta = safetensors.read(path)
    training = TRAIN_META_KEY in meta
    stored = stored_tensors(model)
    params = {full for full, _, _ in model.param_slots()}
    problems = {k: [] for k in ("missing", "unexpected", "shape", "dtype", "conflict")}
    values: dict = {}
    named = set()
    stored_dtype = {v: k for k, v in safetensors.DTYPES.items()}
    for name, t in tensors.items():
        if training and name.startswith(TRAINING_STATE_PREFIX):
            continue
        key = model.aliases.get(name, name) if name in params else name
        if key not in stored:
            problems["unexpected"].append(f"{name} ({stored_dtype[t.dtype]}{list(t.shape)})")
            continue
        named.add(key)
        decl = model.declared(key)
        if list(t.shape) != decl.shape:
            problems["shape"].append(f"{name} is {list(t.shape)}, the model's is {decl.shape}")
            continue
        if not loads_into(stored_dtype[t.dtype], decl.dtype):
            problems["dtype"].append(f"{name} is stored as {stored_dtype[t.dtype]}, which does not load into {decl.dtype}")
            continue
        value = t.to(torch_dtype(decl.dtype))
        if key not in values:
            values[key] = (name, value)
        elif not torch.equal(values[key][1], value):
            problems["conflict"].append(f"{values[key][0]} and {name} hold different values for the shared {key}")
    momentum = {l.param: model.aliases.get(l.source, l.source) for l in model.momentum_links}
    buffers = model.named_ir_buffers()
    filled, kept = [], []
    for name in stored:
        if name in named:
            continue
        if name in buffers:
            kept.append(name)
        elif name not in momentum:
            problems["missing"].append(name)
        elif momentum[name] in values:
            values[name] = values[momentum[name]]
            filled.append(name)
    report = [(k, v) for k, v in problems.items() if v]
    if report:
        lines = [f"{k}: {'; '.join(v[:_MAX_LISTED])}" + (f"; … ({len(v)} in all)" if len(v) > _MAX_LISTED else "") for k, v in report]
        raise ValueError(f"the weights in {path} do not fit {model.model_name or 'the model'}, nothing was loaded\n  " + "\n  ".join(lines))
    with torch.no_grad():
        for name, (_, value) in values.items():
            stored[name].copy_(value)
    return {"filled_momentum": filled, "kept_buffers": kept}
