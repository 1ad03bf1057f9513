"""The root of a generated model: the class `vlmc compile --target pytorch` writes for a spec's `model`.

It holds what the IR keeps in its parameter table — which parameter is an alias of which owner
(share.py), which momentum copy tracks which source at what decay (momentum.py) — and the spec's
training metadata (objective weights, stages, frozen marks), so the trainer (train.py) picks the
same objectives and parameters as runtime/train/stage.ts and runtime/api/model.ts. `finish`
runs at the end of the generated constructor: it names every module by its IR path, draws every
initial value from the seed by full name (init.py) and starts each momentum copy equal to the
owner of what it tracks, exactly as runtime/state.ts initialises a ModelState — so a torch model
and `vlmc run --seed S` start from identical weights.
"""
from __future__ import annotations

from typing import Optional

import torch
from torch import nn

from .init import initial_value
from .module import Module
from .patterns import any_matches
from .run import current_run, with_run


def _join(prefix: str, local: str) -> str:
    return f"{prefix}.{local}" if prefix else local


class MomentumLink:
    """A momentum parameter and the parameter it tracks (full names), with its copy's decay."""

    __slots__ = ("param", "source", "decay")

    def __init__(self, param: str, source: str, decay: float):
        self.param, self.source, self.decay = param, source, decay


class Model(Module):
    presets: dict = {}

    def __init__(self) -> None:
        super().__init__()
        self.model_name = ""
        self.variant: Optional[str] = None
        self.seed = 0
        self.objectives: dict = {}
        self.stages: dict = {}
        self.frozen_params: list = []
        self.sources: dict = {}
        # Alias → owner by full name (the IR's `sharedWith`), and the momentum links (`emaOf`).
        self.aliases: dict = {}
        self.momentum_links: list = []

    # -- building ------------------------------------------------------------------------------

    def finish(self, name: str, variant: Optional[str], seed: int) -> None:
        """Names every module, records aliases and momentum links, and draws the initial values."""
        self.model_name, self.variant, self.seed = name, variant, int(seed)
        for path, m in self.named_modules():
            m.vlmc_path = path
        self.aliases = {}
        for full, m, local in self.param_slots():
            owner = _resolve(m, local)
            if owner != (m, local):
                self.aliases[full] = _join(owner[0].vlmc_path, owner[1])
        self.momentum_links = []
        for _, copy in self.named_modules():
            if getattr(copy, "_vlmc_decay", None) is None:
                continue
            source = copy._vlmc_ema_of
            for full, _, _ in self.param_slots(under=copy):
                tracked = source.vlmc_path + full[len(copy.vlmc_path) :]
                self.momentum_links.append(MomentumLink(full, tracked, copy._vlmc_decay))
        with torch.no_grad():
            for full, p in self.named_owner_parameters().items():
                d = p._vlmc_declared
                p.copy_(initial_value(full, d.dtype, d.shape, d.init, self.seed))
            for _, m in self.named_modules():
                for ir_name, (attr, d) in getattr(m, "_vlmc_buffers", {}).items():
                    getattr(m, attr).copy_(initial_value(_join(m.vlmc_path, ir_name), d.dtype, d.shape, d.init, self.seed))
            # A momentum parameter starts equal to the owner it tracks (ALBEF/BLIP `copy_params`);
            # one that tracks another momentum copy keeps its own initial value.
            owners = self.named_owner_parameters()
            momentum = {l.param for l in self.momentum_links}
            for link in self.momentum_links:
                if link.param in self.aliases:
                    continue
                source = self.aliases.get(link.source, link.source)
                if source not in momentum:
                    owners[link.param].copy_(owners[source])

    # -- names -----------------------------------------------------------------------------------

    def param_slots(self, under: Optional[nn.Module] = None) -> list:
        """Every parameter name (owners and aliases) as (full name, module, local name)."""
        root = self if under is None else under
        prefix = "" if under is None else under.vlmc_path
        out = []
        for path, m in root.named_modules(prefix=prefix):
            for local, p in m._parameters.items():
                if p is not None:
                    out.append((_join(path, local), m, local))
        return out

    def named_owner_parameters(self) -> dict:
        """Parameter owners (learned and momentum) by full name: what a checkpoint stores."""
        return {full: m._parameters[local] for full, m, local in self.param_slots() if full not in self.aliases}

    def named_ir_buffers(self) -> dict:
        """Buffers (queues and their pointers) by their IR names."""
        out = {}
        for path, m in self.named_modules():
            for ir_name, (attr, _) in getattr(m, "_vlmc_buffers", {}).items():
                out[_join(path, ir_name)] = getattr(m, attr)
        return out

    def declared(self, name: str):
        """The declaration (dtype, shape, init) of a stored tensor by full name."""
        for full, m, local in self.param_slots():
            if full == name:
                return m._parameters[local]._vlmc_declared
        for path, m in self.named_modules():
            for ir_name, (_, d) in getattr(m, "_vlmc_buffers", {}).items():
                if _join(path, ir_name) == name:
                    return d
        raise KeyError(f"{self.model_name} has no parameter or buffer '{name}'")

    # -- running ---------------------------------------------------------------------------------

    def __call__(self, *args, **kwargs):
        """The forward (directly or through DDP's wrapper), having told the run the batch size it sees.

        Under DDP the random ops draw this rank's rows of the global batch's draw: they tell its
        tensors from ones every rank holds whole by this size (ops_sampling.py).
        """
        inputs = args[0] if args else kwargs.get("inputs")
        if isinstance(inputs, dict):
            current_run().local_batch = _batch_size(inputs)
        return super().__call__(*args, **kwargs)

    def run(self, inputs: dict, training: bool = False, seed: int = 0, step: int = 0):
        """The forward in a run of its own: (values, losses). Eval, without gradients, by default.

        Inputs may come as vlmc stores them (int32 ids, as read from a vlmc safetensors file):
        integers become int64, the dtype every op here indexes with, and floats float32.
        """
        inputs = {k: _as_runtime_dtype(v) for k, v in inputs.items()}
        with with_run(training=training, seed=seed, step=step):
            if training:
                return self(inputs)
            with torch.no_grad():
                return self(inputs)

    # -- training metadata -------------------------------------------------------------------------

    def stage_objectives(self, stage: Optional[str] = None) -> list:
        """The objectives a stage trains, in declaration order (every objective without a stage)."""
        names = list(self.objectives)
        if stage is None:
            return names
        wanted = self._stage(stage)["objectives"]
        return [o for o in names if o in wanted]

    def frozen_owners(self, stage: Optional[str] = None) -> set:
        """Owners frozen by the model's marks or the stage's patterns (an alias freezing its owner)."""
        spec = None if stage is None else self._stage(stage)

        def marked(name: str) -> bool:
            for m in self.frozen_params:
                if isinstance(m, str):
                    if any_matches([m], name):
                        return True
                elif any_matches(m["patterns"], name) and not any_matches(m.get("except", []), name):
                    return True
            return False

        def staged(name: str) -> bool:
            return spec is not None and any_matches(spec.get("frozen", []), name) and not any_matches(spec.get("except", []), name)

        return {self.aliases.get(n, n) for n, _, _ in self.param_slots() if marked(n) or staged(n)}

    def trainable_parameters(self, stage: Optional[str] = None) -> dict:
        """
        Owners a training step of `stage` updates: not aliases, not momentum copies, not frozen.
        runtime/train/stage.ts also drops owners the stage's objectives never read; such a
        parameter gets no gradient here and the optimiser skips it, which changes the same values.
        """
        frozen = self.frozen_owners(stage)
        momentum = {l.param for l in self.momentum_links}
        return {n: p for n, p in self.named_owner_parameters().items() if n not in frozen and n not in momentum}

    def _stage(self, stage: str) -> dict:
        if stage in self.stages:
            return self.stages[stage]
        names = ", ".join(self.stages)
        raise ValueError(f"{self.model_name} has no stage '{stage}'" + (f" (its stages: {names})" if names else " (it declares no stages)"))


def _batch_size(inputs: dict) -> Optional[int]:
    """Axis 0 of the first input that has axes (a scalar input, such as training progress, has none)."""
    for v in inputs.values():
        if isinstance(v, torch.Tensor) and v.dim() > 0:
            return int(v.shape[0])
    return None


def _as_runtime_dtype(t: torch.Tensor) -> torch.Tensor:
    if t.dtype == torch.bool:
        return t
    if not t.is_floating_point():
        return t.to(torch.int64)
    return t.to(torch.float32)


def _resolve(module: nn.Module, local: str) -> tuple:
    """The (module, local) slot that owns the parameter at this slot, following aliases."""
    seen = set()
    slot = (module, local)
    while True:
        nxt = getattr(slot[0], "_vlmc_alias_of", {}).get(slot[1])
        if nxt is None:
            return slot
        key = (id(nxt[0]), nxt[1])
        if key in seen:
            raise RuntimeError("a cycle of shared parameters (internal error: share.py refuses them)")
        seen.add(key)
        slot = nxt
