"""vlmc's PyTorch runtime, copied verbatim into every package `vlmc compile --target pytorch` writes.

Generated code imports it as `from . import runtime as rt` and `from .runtime import ops`; it
needs only torch and the standard library. What is here:
  - ops (one function per IR op, computing what vlmc's tfjs kernel of the same name computes),
    Run / with_run / current_run / fn_call (the key frames random ops draw from), logical_*;
  - Module, SparseList, Model, init, share, momentum, queue, enqueue: the model-level API;
  - gather_batch: the global batch under DDP (distributed.py says why objectives need it);
  - save_checkpoint / load_checkpoint: vlmc's safetensors checkpoints;
  - train.main: the training loop behind the package's train.py (torchrun + DDP).
"""
from . import ops
from .distributed import gather_batch
from .init import InitSpec, init
from .model import Model
from .module import Module, SparseList
from .momentum import momentum
from .logic import logical_and, logical_not, logical_or
from .queue import enqueue, queue
from .run import Run, current_run, fn_call, with_run
from .share import share
from .spec_values import div, global_batch, invoke, sigmoid
from .weights import load_checkpoint, save_checkpoint

__all__ = [
    "InitSpec",
    "Model",
    "Module",
    "Run",
    "SparseList",
    "current_run",
    "div",
    "enqueue",
    "fn_call",
    "gather_batch",
    "global_batch",
    "init",
    "invoke",
    "load_checkpoint",
    "logical_and",
    "logical_not",
    "logical_or",
    "momentum",
    "ops",
    "queue",
    "save_checkpoint",
    "share",
    "sigmoid",
    "with_run",
]
