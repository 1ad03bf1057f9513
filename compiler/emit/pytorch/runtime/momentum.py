"""`m = ema(source, decay: d)` in a generated model: a momentum copy of a block instance.

The copy is the same block with the same structure (a deep copy: the compiler builds it again
from the same arguments, compiler/elaborate/instantiate.ts momentumCopy), whose parameters are
never trained — `requires_grad` is off, so neither autograd nor the optimiser touches them — but
follow their sources after each optimiser step, p_m ← d·p_m + (1 − d)·p
(runtime/train/update-rules.ts momentumStep, applied by train.py). Its starting values are set
when the model is finished (model.py): equal to the owner of what each parameter tracks.
Sharing inside the source (a `tie`) is kept inside the copy: the deep copy maps the one
parameter object to one new object, and the alias records to the copy's own modules. Sharing
with something outside the source is not copied: a block built again has its own parameters.
"""
from __future__ import annotations

import copy

import torch
from torch import nn

from .module import Module


def momentum(source: nn.Module, decay: float) -> nn.Module:
    """A frozen copy of `source` that tracks it with this decay, in (0, 1)."""
    if not 0 < decay < 1:
        raise ValueError(f"momentum copy of {type(source).__name__}: the decay must be between 0 and 1, not {decay}")
    if not isinstance(source, Module) or getattr(source, "model_name", None) is not None:
        raise ValueError(f"momentum copy of {type(source).__name__}: only a block instance can be copied, not a list or the model")
    sources = dict(source.named_modules())
    inside = {id(m) for m in sources.values()}
    # Modules outside the source that its records name must not be copied along with it.
    memo: dict = {}
    for m in sources.values():
        for other in [getattr(m, "_vlmc_ema_of", None), *(o for o, _ in getattr(m, "_vlmc_alias_of", {}).values())]:
            if other is not None and id(other) not in inside:
                memo[id(other)] = other
    twin = copy.deepcopy(source, memo)
    copied = {id(m) for m in twin.modules()}
    for path, m in twin.named_modules():
        records = getattr(m, "_vlmc_alias_of", {})
        for local in [k for k, (o, _) in records.items() if id(o) not in copied]:
            del records[local]
            setattr(m, local, nn.Parameter(m._parameters[local].detach().clone()))
        # torch's Parameter.__deepcopy__ keeps the values but not the attributes: declare again.
        origin = sources[path]
        for local, p in m._parameters.items():
            if p is not None:
                p._vlmc_declared = origin._parameters[local]._vlmc_declared
        # Not an attribute assignment: torch would register the source as a submodule of the copy.
        object.__setattr__(m, "_vlmc_ema_of", origin)
        m._vlmc_decay = None
    twin._vlmc_decay = float(decay)
    for p in twin.parameters():
        p.requires_grad_(False)
    return twin


@torch.no_grad()
def momentum_step(copy_param: torch.Tensor, source: torch.Tensor, decay: float) -> None:
    """p_m ← decay·p_m + (1 − decay)·p, in the operation order of update-rules.ts."""
    copy_param.copy_(copy_param * decay + source * (1 - decay))
