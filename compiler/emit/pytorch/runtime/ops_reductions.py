"""Reductions, softmaxes and normalisations (compiler/ir/ops/elementwise.ts; kernels in
runtime/kernels/elementwise/), with the tfjs kernels' conventions: an axis of None reduces every
axis, an integer mean is the floor of the true mean, l2_normalize divides by max(‖x‖, eps).
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from .opcall import Arg, begin


def _axes(x: Tensor, axis: Optional[int]) -> tuple[int, ...]:
    return tuple(range(x.dim())) if axis is None else (axis,)


def sum(x: Arg, *, axis: Optional[int] = None, keepdims: bool = False) -> Tensor:  # noqa: A001 - the registry's name
    """The sum over one axis or all (axis None)."""
    (x,) = begin("sum", x)
    return torch.sum(x, dim=_axes(x, axis), keepdim=keepdims)


def mean(x: Arg, *, axis: Optional[int] = None, keepdims: bool = False) -> Tensor:
    """The mean over one axis or all; on integers the floor of the true mean (the IR keeps the dtype)."""
    (x,) = begin("mean", x)
    axes = _axes(x, axis)
    if x.dtype.is_floating_point:
        return torch.mean(x, dim=axes, keepdim=keepdims)
    count = 1
    for a in axes:
        count *= x.shape[a]
    return torch.div(torch.sum(x, dim=axes, keepdim=keepdims), count, rounding_mode="floor")


def amax(x: Arg, *, axis: Optional[int] = None, keepdims: bool = False) -> Tensor:
    """The maximum over one axis or all (ties share the gradient, as torch.amax)."""
    (x,) = begin("amax", x)
    return torch.amax(x, dim=_axes(x, axis), keepdim=keepdims)


def cumsum(x: Arg, *, axis: int) -> Tensor:
    (x,) = begin("cumsum", x)
    return torch.cumsum(x, dim=axis)


def argmax(x: Arg, *, axis: Optional[int] = -1) -> Tensor:
    """The index of the largest value along an axis, the first on ties; axis None: into the flattened tensor."""
    (x,) = begin("argmax", x)
    if axis is None:
        return torch.argmax(x.reshape(-1), dim=0)
    return torch.argmax(x, dim=axis)


def softmax(x: Arg, *, axis: int = -1) -> Tensor:
    (x,) = begin("softmax", x)
    return torch.softmax(x, dim=axis)


def log_softmax(x: Arg, *, axis: int = -1) -> Tensor:
    (x,) = begin("log_softmax", x)
    return torch.log_softmax(x, dim=axis)


def layer_norm(x: Arg, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None, *, eps: float = 1e-5) -> Tensor:
    """Over the last axis, biased variance, eps inside the square root (torch's LayerNorm); weight and bias optional."""
    x, weight, bias = begin("layer_norm", x, weight, bias)
    c = x.shape[-1]
    if all(t is None or tuple(t.shape) == (c,) for t in (weight, bias)):
        return F.layer_norm(x, (c,), weight, bias, eps)
    # A weight or bias of another shape (broadcast against x): the kernel's own formula.
    centred = x - x.mean(dim=-1, keepdim=True)
    y = centred * torch.rsqrt(centred.square().mean(dim=-1, keepdim=True) + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


def rms_norm(x: Arg, weight: Optional[Tensor] = None, *, eps: float = 1e-5) -> Tensor:
    """x / √(mean(x²) + eps) · weight over the last axis (T5; torch's RMSNorm)."""
    x, weight = begin("rms_norm", x, weight)
    y = x * torch.rsqrt(x.square().mean(dim=-1, keepdim=True) + eps)
    return y if weight is None else y * weight


def l2_normalize(x: Arg, *, axis: int = -1, eps: float = 1e-12) -> Tensor:
    """
    x / max(‖x‖₂, eps) along an axis (F.normalize), computed as the kernel does so that the
    norm's gradient stays finite where it is below eps: there the divisor is the constant eps.
    """
    (x,) = begin("l2_normalize", x)
    squares = x.square().sum(dim=axis, keepdim=True)
    large = squares >= eps * eps
    norm = torch.sqrt(torch.where(large, squares, torch.ones_like(squares)))
    return x / torch.where(large, norm, torch.full_like(norm, eps))


def stop_gradient(x: Arg) -> Tensor:
    """The identity in value, with no gradient."""
    (x,) = begin("stop_gradient", x)
    return x.detach()
