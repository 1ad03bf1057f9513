"""Feature queues in a generated model (ALBEF, BLIP, MoCo: the momentum features of past batches).

`rt.queue(self, "image_queue", size, dim, init)` declares the two buffers
compiler/elaborate/builtins.ts `queue` declares — the rows `image_queue` [size, dim] from their
initialiser (unit rows by default) and the pointer `image_queue.ptr`, an i32 scalar starting at 0
— and the block reads the rows as `self.image_queue`. torch forbids a dot in a buffer's name, so
the pointer is registered as `image_queue__ptr` and state-dict hooks rename it to the IR's name
on the way out and back on the way in: `state_dict()` and checkpoints show the IR's names.

`rt.enqueue(q, x)` is the IR's enqueue op: its value is the queue as it is (every reader in a
step sees the queue from before the step) and it records the write on the current run; the
trainer applies the writes after the optimiser step, in call order, with the arithmetic of
runtime/train/update-rules.ts enqueueRows. Under DDP the rows written are those of every rank,
gathered in rank order (ALBEF/BLIP's `concat_all_gather`), so every rank's queue stays the
queue a one-process run over the global batch would hold.
"""
from __future__ import annotations

import weakref

import torch
from torch import nn

from . import ops
from .distributed import gather_rows
from .dtypes import torch_dtype
from .init import InitSpec
from .module import Declared
from .run import current_run

_UNIT_ROWS = InitSpec("unit_normal", {})
_PTR = "__ptr"

# Every (module, queue name) declared, to find a queue from the tensor generated code passes to
# enqueue: buffers are replaced by `.to(device)`, so the tensor itself cannot be the key.
_QUEUES: list = []


class QueueWrite:
    """A write made during a run: `rows` go into `owner`'s queue `name` after the step."""

    __slots__ = ("owner", "name", "rows")

    def __init__(self, owner: nn.Module, name: str, rows: torch.Tensor):
        self.owner, self.name, self.rows = owner, name, rows


def queue(owner: nn.Module, name: str, size: int, dim: int, init: InitSpec = _UNIT_ROWS, dtype: str = "f32") -> torch.Tensor:
    """Declares queue `name` on `owner`: `size` rows of width `dim` (values drawn at Model.finish)."""
    for what, n in (("size", size), ("dim", dim)):
        if not (isinstance(n, int) and n > 0):
            raise ValueError(f"queue {name}: the {what} must be a positive whole number, not {n}")
    owner.register_buffer(name, torch.zeros(size, dim, dtype=torch_dtype(dtype)))
    owner.register_buffer(name + _PTR, torch.zeros((), dtype=torch_dtype("i32")))
    owner._vlmc_buffers[name] = (name, Declared(dtype, [size, dim], init))
    owner._vlmc_buffers[name + ".ptr"] = (name + _PTR, Declared("i32", [], InitSpec("zeros", {})))
    if not getattr(owner, "_vlmc_queue_hooks", False):
        owner._register_state_dict_hook(_rename_out)
        owner._register_load_state_dict_pre_hook(_rename_in, with_module=True)
        owner._vlmc_queue_hooks = True
    _QUEUES.append((weakref.ref(owner), name))
    return getattr(owner, name)


def _rename_out(module, state_dict, prefix, local_metadata):
    for ir_name, (attr, _) in module._vlmc_buffers.items():
        if attr != ir_name and prefix + attr in state_dict:
            state_dict[prefix + ir_name] = state_dict.pop(prefix + attr)
    return state_dict


def _rename_in(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
    for ir_name, (attr, _) in module._vlmc_buffers.items():
        if attr != ir_name and prefix + ir_name in state_dict:
            state_dict[prefix + attr] = state_dict.pop(prefix + ir_name)


def _find(q: torch.Tensor) -> tuple:
    for ref, name in _QUEUES:
        owner = ref()
        if owner is not None and getattr(owner, name, None) is q:
            return owner, name
    raise ValueError("enqueue: the first argument is not a queue (declare it with rt.queue(…))")


def enqueue(q: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The spec's `enqueue(q, x)`: `x` [B, dim] goes into `q` after this training step; returns `q` as it is."""
    owner, name = _find(q)
    out = ops.enqueue(q, x)
    current_run().writes.append(QueueWrite(owner, name, gather_rows(x.detach()).clone()))
    return out


@torch.no_grad()
def apply_write(w: QueueWrite) -> None:
    """update-rules.ts enqueueRows: rows in at the pointer, wrapping; the pointer advances modulo the size."""
    rows_q = getattr(w.owner, w.name)
    pointer = getattr(w.owner, w.name + _PTR)
    size, n = rows_q.shape[0], w.rows.shape[0]
    # Newest rows last: a batch larger than the queue keeps only its last `size` rows.
    kept = w.rows[n - size :] if n > size else w.rows
    ptr = int(pointer)
    for i in range(kept.shape[0]):
        rows_q[(ptr + i) % size] = kept[i].to(rows_q.dtype)
    pointer.fill_((ptr + kept.shape[0]) % size)
