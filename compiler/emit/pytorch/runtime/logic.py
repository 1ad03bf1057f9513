"""`a and b`, `a or b`, `not a` in generated code, where an operand may be a tensor (a mask) or a
plain Python bool (a hyper-parameter): on tensors they are the registry's logical ops, keyed like
any op; on Python values, Python's own operators (nothing is emitted for them in the IR either).
"""
from __future__ import annotations

from typing import Any

from torch import Tensor

from . import ops


def logical_and(a: Any, b: Any) -> Any:
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return ops.logical_and(a, b)
    return a and b


def logical_or(a: Any, b: Any) -> Any:
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return ops.logical_or(a, b)
    return a or b


def logical_not(a: Any) -> Any:
    if isinstance(a, Tensor):
        return ops.logical_not(a)
    return not a
