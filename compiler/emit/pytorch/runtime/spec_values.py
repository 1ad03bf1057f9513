"""Spec semantics Python spells differently, for generated model.py.

- `div(a, b)`: the spec's `/` on two compile-time numbers whose kinds the generator could not
  tell: exact division of two ints is an int (the checker proved it exact), anything else is
  true division. Tensors never come here (`a / b` is torch's division).
- `sigmoid(x)`: the spec's `sigmoid` of a compile-time number.
- `invoke(f, *args, **kwargs)`: a value the spec declares `any`, called: an instance runs its
  forward (nn.Module.__call__), a function is called.
"""
from __future__ import annotations

import math
from typing import Any


def div(a: float, b: float) -> float:
    if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool) and not isinstance(b, bool) and b != 0 and a % b == 0:
        return a // b
    return a / b


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def invoke(f: Any, *args: Any, **kwargs: Any) -> Any:
    if callable(f):
        return f(*args, **kwargs)
    raise TypeError(f"{f!r} is neither an instance nor a function, so it cannot be called")


def global_batch(b: int) -> int:
    """The batch size a one-process run over the global batch sees, where this rank sees `b`.

    Generated code reads the batch symbol through this where it computes on the global batch
    (objectives, and what the model computes from batch-mixing values): `matching_labels(B, 2 * B)`
    over gathered features needs the global B. One process: `b` itself.
    """
    from . import distributed

    return b * distributed.world() if distributed.active() else b
