"""The base of every generated block class, and the list of instances a filtered comprehension makes.

A generated block is an `nn.Module` whose constructor declares its parameters with
`self.weight = self.param("f32", [out, in], rt.init("trunc_normal", std=0.02))` and whose
forward modes run in the key frame the compiler gives that call (`with self.call(""):`), so random
ops draw what vlmc's tfjs runtime draws (run.py). A module does not know its name while it is
being built (torch builds children before assigning them to their parent), so a parameter starts
as zeros with its declaration attached; the model's `finish` (model.py) names every module from
`named_modules()` and draws every initial value by full name (init.py), as runtime/api/module.ts
does at construction.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional

import torch
from torch import nn

from .dtypes import torch_dtype
from .init import InitSpec
from .run import current_run


class Declared:
    """A stored tensor's declaration: its IR dtype, shape and initialiser."""

    __slots__ = ("dtype", "shape", "init")

    def __init__(self, dtype: str, shape: list, init: InitSpec):
        self.dtype = dtype
        self.shape = [int(d) for d in shape]
        self.init = init


class Module(nn.Module):
    """A spec block. `vlmc_path` is its IR path ("" for the model), set by Model.finish."""

    def __init__(self) -> None:
        super().__init__()
        self.vlmc_path = ""
        # Local parameter name → (owner module, owner's local name) for an alias (share.py).
        self._vlmc_alias_of: dict = {}
        # Local buffer name in the IR (`image_queue.ptr`) → (attribute, Declared) (queue.py).
        self._vlmc_buffers: dict = {}
        # On a momentum copy and every module under it: the module it tracks (momentum.py).
        self._vlmc_ema_of: Optional[nn.Module] = None
        # On a momentum copy's root only: its decay.
        self._vlmc_decay: Optional[float] = None

    def param(self, dtype: str, shape: list, init: InitSpec) -> nn.Parameter:
        """A learned parameter (the spec's `param`); its value is drawn when the model is finished."""
        floating = dtype not in ("i32", "i64", "bool")
        p = nn.Parameter(torch.zeros([int(d) for d in shape], dtype=torch_dtype(dtype)), requires_grad=floating)
        p._vlmc_declared = Declared(dtype, shape, init)
        return p

    @contextmanager
    def call(self, mode: str = "") -> Iterator[None]:
        """The body is this module's forward `mode` ("" for the default forward)."""
        with current_run().call(self.vlmc_path, mode):
            yield


class SparseList(nn.ModuleDict):
    """
    A list of instances kept by a filtered comprehension
    (`adapters = [Adapter(…) for i in 0..depth if i % every == every - 1]`): each element is named
    by its position in what the comprehension iterated over, so its parameters are `adapters.3.…`
    as in the IR. `[k]` finds an element by that name (negative k counts from the end of the
    list), iteration yields the elements in order, `[a:b]` slices by names as
    compiler/elaborate/indexing.ts slices an instance list.
    """

    def __init__(self, items: dict):
        super().__init__()
        for k in sorted(items):
            self[str(int(k))] = items[k]

    def keys_in_order(self) -> list:
        return [int(k) for k in super().keys()]

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, slice):
            keys = self.keys_in_order()
            start = 0 if key.start is None else key.start
            stop = None if key.stop is None else key.stop
            at = lambda i: len(keys) + i if i < 0 else sum(1 for k in keys if k < i)  # noqa: E731
            values = list(self.values())
            return values[at(start) : len(values) if stop is None else at(stop)]
        if isinstance(key, str):
            return super().__getitem__(key)
        keys = self.keys_in_order()
        if key < 0:
            if -key > len(keys):
                raise IndexError(f"{self._name()} has {len(keys)} elements, not {-key}")
            return list(self.values())[key]
        if key not in keys:
            raise IndexError(f"{self._name()} has no element {key} (it has {', '.join(map(str, keys))})")
        return super().__getitem__(str(key))

    def __iter__(self):  # type: ignore[override]
        return iter(self.values())

    def _name(self) -> str:
        return getattr(self, "vlmc_path", "") or "the list"
