"""Data-parallel training over torchrun's processes, and the global batch objectives must see.

Each rank holds a contiguous slice of every global batch (rank r: examples [r·b, (r+1)·b)), so
concatenating the ranks' slices in rank order gives back the batch a one-process run would hold.

Why `gather_batch` exists: an objective that contrasts the batch against itself (in-batch
negatives: CLIP's `contrastive`, ALBEF/BLIP's ITC and hard-negative mining) computes a different
function of each local slice than of the whole batch — a rank would only see b − 1 negatives,
not B − 1. So the emitter passes the batch-major tensors an objective reads through
`gather_batch`: every rank computes the same loss on the same global batch. The gradient still
has to reach each rank's own examples: forward is an all_gather, backward all-reduces the
gradient of the whole gathered tensor (every rank differentiated the same loss, so the sum over
ranks is N × dL/dx) and keeps the rank's own slice. DDP then averages the ranks' parameter
gradients, (1/N)·Σ_r N·(dL/dx_r)(dx_r/dθ) = Σ_r (dL/dx_r)(dx_r/dθ) = dL/dθ: exactly the
single-process gradient (open_clip's `gather_with_grad`, with the same reasoning). Backward is an
all_reduce rather than torch.distributed.nn's all_gather, whose backward needs all_to_all, which
the gloo backend (CPU) does not have.
"""
from __future__ import annotations

import os

import torch
import torch.distributed as dist


def active() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def rank() -> int:
    return dist.get_rank() if active() else 0


def world() -> int:
    return dist.get_world_size() if active() else 1


def init_from_env() -> torch.device:
    """Joins torchrun's process group when launched by it (gloo on CPU, nccl on CUDA); the device to use."""
    cuda = torch.cuda.is_available()
    if "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1 and not dist.is_initialized():
        dist.init_process_group(backend="nccl" if cuda else "gloo")
    if cuda:
        local = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local)
        return torch.device("cuda", local)
    return torch.device("cpu")


class _GatherWithGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        parts = [torch.empty_like(x) for _ in range(dist.get_world_size())]
        dist.all_gather(parts, x.contiguous())
        ctx.size = x.shape[0]
        return torch.cat(parts, dim=0)

    @staticmethod
    def backward(ctx, grad):
        grad = grad.contiguous().clone()
        dist.all_reduce(grad)
        r = dist.get_rank()
        return grad[r * ctx.size : (r + 1) * ctx.size]


def gather_batch(x: torch.Tensor) -> torch.Tensor:
    """The global batch of a batch-major tensor, differentiable (identity when not distributed)."""
    return _GatherWithGrad.apply(x) if active() else x


@torch.no_grad()
def gather_rows(x: torch.Tensor) -> torch.Tensor:
    """The global batch of a batch-major tensor, without gradient (queue writes)."""
    if not active():
        return x
    parts = [torch.empty_like(x) for _ in range(dist.get_world_size())]
    dist.all_gather(parts, x.contiguous())
    return torch.cat(parts, dim=0)


def average(values: list) -> list:
    """The mean over ranks of a few floats (losses for the log)."""
    if not active():
        return list(values)
    t = torch.tensor(values, dtype=torch.float64)
    dist.all_reduce(t)
    return (t / dist.get_world_size()).tolist()
