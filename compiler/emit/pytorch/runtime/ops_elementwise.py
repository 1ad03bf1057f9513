"""The pointwise ops (compiler/ir/ops/elementwise.ts; kernels in runtime/kernels/elementwise/):
arithmetic, comparisons, logic, activations, cast, clamp and where. Operands broadcast as in
NumPy and keep their dtype, so integer `div` floor-divides (−7 / 2 = −4) where torch's `/` would
promote to float. A number given for a tensor becomes a constant of the other operand's dtype
(opcall.py).
"""
from __future__ import annotations

import math
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from .opcall import Arg, begin, torch_dtype


def add(a: Arg, b: Arg) -> Tensor:
    """a + b"""
    a, b = begin("add", a, b)
    return a + b


def sub(a: Arg, b: Arg) -> Tensor:
    """a - b"""
    a, b = begin("sub", a, b)
    return a - b


def mul(a: Arg, b: Arg) -> Tensor:
    """a * b"""
    a, b = begin("mul", a, b)
    return a * b


def div(a: Arg, b: Arg) -> Tensor:
    """a / b; floor division on integers (the IR keeps the operands' dtype)."""
    a, b = begin("div", a, b)
    if a.dtype.is_floating_point:
        return a / b
    return torch.div(a, b, rounding_mode="floor")


def pow(a: Arg, b: Arg) -> Tensor:  # noqa: A001 - the registry's name
    """a ^ b"""
    a, b = begin("pow", a, b)
    return torch.pow(a, b)


def maximum(a: Arg, b: Arg) -> Tensor:
    """elementwise max (a tie splits the gradient equally, as the tfjs kernel does)"""
    a, b = begin("maximum", a, b)
    return torch.maximum(a, b)


def minimum(a: Arg, b: Arg) -> Tensor:
    """elementwise min"""
    a, b = begin("minimum", a, b)
    return torch.minimum(a, b)


def eq(a: Arg, b: Arg) -> Tensor:
    a, b = begin("eq", a, b)
    return torch.eq(a, b)


def ne(a: Arg, b: Arg) -> Tensor:
    a, b = begin("ne", a, b)
    return torch.ne(a, b)


def lt(a: Arg, b: Arg) -> Tensor:
    a, b = begin("lt", a, b)
    return torch.lt(a, b)


def le(a: Arg, b: Arg) -> Tensor:
    a, b = begin("le", a, b)
    return torch.le(a, b)


def gt(a: Arg, b: Arg) -> Tensor:
    a, b = begin("gt", a, b)
    return torch.gt(a, b)


def ge(a: Arg, b: Arg) -> Tensor:
    a, b = begin("ge", a, b)
    return torch.ge(a, b)


def remainder(a: Arg, b: Arg) -> Tensor:
    """a % b with the sign of b (floor semantics), for integers and floats."""
    a, b = begin("remainder", a, b)
    return torch.remainder(a, b)


def logical_and(a: Arg, b: Arg) -> Tensor:
    a, b = begin("logical_and", a, b)
    return torch.logical_and(a, b)


def logical_or(a: Arg, b: Arg) -> Tensor:
    a, b = begin("logical_or", a, b)
    return torch.logical_or(a, b)


def neg(x: Arg) -> Tensor:
    (x,) = begin("neg", x)
    return -x


def logical_not(x: Arg) -> Tensor:
    (x,) = begin("logical_not", x)
    return torch.logical_not(x)


def exp(x: Arg) -> Tensor:
    (x,) = begin("exp", x)
    return torch.exp(x)


def log(x: Arg) -> Tensor:
    (x,) = begin("log", x)
    return torch.log(x)


def sqrt(x: Arg) -> Tensor:
    (x,) = begin("sqrt", x)
    return torch.sqrt(x)


def abs(x: Arg) -> Tensor:  # noqa: A001 - the registry's name
    (x,) = begin("abs", x)
    return torch.abs(x)


def tanh(x: Arg) -> Tensor:
    (x,) = begin("tanh", x)
    return torch.tanh(x)


def sin(x: Arg) -> Tensor:
    (x,) = begin("sin", x)
    return torch.sin(x)


def cos(x: Arg) -> Tensor:
    (x,) = begin("cos", x)
    return torch.cos(x)


def sigmoid(x: Arg) -> Tensor:
    (x,) = begin("sigmoid", x)
    return torch.sigmoid(x)


def relu(x: Arg) -> Tensor:
    (x,) = begin("relu", x)
    return torch.relu(x)


def gelu(x: Arg) -> Tensor:
    """The exact GELU, ½ x (1 + erf(x / √2))."""
    (x,) = begin("gelu", x)
    return F.gelu(x)


def gelu_tanh(x: Arg) -> Tensor:
    """GELU's tanh approximation (GPT-2; torch's approximate="tanh")."""
    (x,) = begin("gelu_tanh", x)
    return F.gelu(x, approximate="tanh")


def quick_gelu(x: Arg) -> Tensor:
    """x · sigmoid(1.702 x), CLIP's approximation of GELU."""
    (x,) = begin("quick_gelu", x)
    return x * torch.sigmoid(x * 1.702)


def silu(x: Arg) -> Tensor:
    (x,) = begin("silu", x)
    return F.silu(x)


def cast(x: Arg, *, dtype: str) -> Tensor:
    """To `dtype`: float → integer truncates toward zero, anything → bool is "nonzero"."""
    (x,) = begin("cast", x)
    to = torch_dtype(dtype)
    if x.dtype == to:
        return x
    if to == torch.bool:
        return x != 0
    return x.to(to)


def clamp(x: Arg, *, min: Optional[float] = None, max: Optional[float] = None) -> Tensor:  # noqa: A002 - the registry's names
    """x limited to [min, max], either bound optional; max everywhere when min > max (as torch)."""
    (x,) = begin("clamp", x)
    if x.dtype.is_floating_point:
        if min is not None and max is not None and min > max:
            return x * 0 + max
        return torch.clamp(x, min=min, max=max)
    # Integers: a fractional bound means the nearest integer inside it (x ≥ 0.5 ⇔ x ≥ 1).
    y = x
    if min is not None:
        y = torch.clamp(y, min=math.ceil(min))
    if max is not None:
        y = torch.clamp(y, max=math.floor(max))
    return y


def where(cond: Arg, a: Arg, b: Arg) -> Tensor:
    """cond ? a : b, broadcasting all three."""
    cond, a, b = begin("where", cond, a, b)
    return torch.where(cond, a, b)
