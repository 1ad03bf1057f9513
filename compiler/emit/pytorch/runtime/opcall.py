"""How a generated model's arguments reach an op, as runtime/api/op-args.ts and kernel-call.ts do it.

Dtypes: the IR's f32 (and f16, bf16, which vlmc computes in float32) is torch.float32; its i32
(and i64) is torch.int64, because torch 1.13 indexes (`x[ids]`, index_select, embedding) with
int64 and tfjs's int32 values all fit; bool is torch.bool.

Where an op expects a tensor the spec may give a number or a bool (`x * 0.5`,
`where(mask, ids, -100)`); the elaborator turns each into a scalar `constant` node, and so does
`begin`, with the same dtype and in the same order, before the op takes its own key: every op
after it then gets the key and the operand the IR runtime gives it.
"""
from __future__ import annotations

from typing import Union

import torch
from torch import Tensor

from .random import RandomStream
from .run import current_run

TORCH_DTYPES = {
    "f32": torch.float32,
    "f16": torch.float32,
    "bf16": torch.float32,
    "i32": torch.int64,
    "i64": torch.int64,
    "bool": torch.bool,
}

Arg = Union[Tensor, float, int, bool, None]


def torch_dtype(dtype: str) -> torch.dtype:
    try:
        return TORCH_DTYPES[dtype]
    except KeyError:
        raise ValueError(f"unknown dtype {dtype!r} (vlmc's dtypes are {', '.join(TORCH_DTYPES)})") from None


def ir_dtype(t: Tensor) -> str:
    """The IR dtype a torch tensor holds: "f32", "i32" or "bool"."""
    if t.dtype == torch.bool:
        return "bool"
    return "f32" if t.dtype.is_floating_point else "i32"


def is_float(dtype: str) -> bool:
    return dtype in ("f32", "f16", "bf16")


def scalar_value(value: float, dtype: str) -> Union[float, int, bool]:
    """A number as a scalar of `dtype` holds it: nonzero → true, integers truncated toward zero (as tfjs stores them)."""
    if dtype == "bool":
        return value != 0
    if not is_float(dtype):
        return int(value)
    return float(value)


def constant_tensor(value: float, dtype: str) -> Tensor:
    return torch.tensor(scalar_value(value, dtype), dtype=torch_dtype(dtype))


def _scalar(op: str, v: Union[float, int, bool], like: Union[str, None]) -> Tensor:
    run = current_run()
    if isinstance(v, bool):
        run.next_key("constant")
        return constant_tensor(1 if v else 0, "bool")
    integral = float(v).is_integer()
    dtype = like if like is not None else ("i32" if integral else "f32")
    # The elaborator reports this (VLM3002) before any code is generated; a hand-written call can still make it.
    if not integral and not is_float(dtype):
        raise TypeError(f"{op}: the number {v} cannot be a {dtype} scalar beside {dtype} tensors")
    run.next_key("constant")
    return constant_tensor(v, dtype)


def operands(op: str, args: tuple[Arg, ...]) -> list:
    """The op's inputs with numbers and bools made scalar constants (each taking its `constant` key)."""
    tensors = [a for a in args if isinstance(a, Tensor)]
    first = next((t for t in tensors if t.dtype != torch.bool), tensors[0] if tensors else None)
    like = ir_dtype(first) if first is not None else None
    return [a if a is None or isinstance(a, Tensor) else _scalar(op, a, like) for a in args]


def begin(op: str, *args: Arg) -> list:
    """The op's operands (numbers made constants), having taken the op's key in the current frame."""
    inputs = operands(op, args)
    current_run().next_key(op)
    return inputs


def begin_random(op: str, *args: Arg) -> tuple[list, "Draw"]:
    """As `begin`, for an op that may draw: also how to open its keyed stream (opened only if it draws)."""
    inputs = operands(op, args)
    run = current_run()
    draw = Draw(run.training, run.seed, run.step, run.next_key(op))
    draw.world, draw.rank, draw.local_batch = run.world, run.rank, run.local_batch
    return inputs, draw


class Draw:
    """
    A random op's view of its run: training or not, its own stream (run seed, step, node key),
    and — under DDP — where this rank's rows sit in the global batch.
    """

    def __init__(self, training: bool, seed: int, step: int, key: str):
        self.training = training
        self.key = key
        self._seed = seed
        self._step = step
        self.world = 1
        self.rank = 0
        self.local_batch: Union[int, None] = None

    def stream(self) -> RandomStream:
        return RandomStream(self._seed, self._step, self.key)

    def first_row(self, rows: int) -> int:
        """
        Where rows [0, rows) of this op's batch-major tensor sit in the one-process run's tensor:
        rank · rows when the tensor holds this rank's slice of the global batch (under DDP, axis 0
        is the local batch size), else 0 (one process, or a tensor every rank holds whole).
        """
        if self.world > 1 and self.local_batch is not None and rows == self.local_batch:
            return self.rank * rows
        return 0

    def rows_stream(self, x: torch.Tensor, per_row: int, separable: bool = True) -> RandomStream:
        """
        The op's stream positioned at this rank's rows of x: past the `per_row` draws of each
        global row before them (row-major draws over x's axis 0). Ops whose draws are not
        separable by rows, and scalars, take the stream from its start.
        """
        stream = self.stream()
        if separable and x.dim() > 0:
            stream.skip(self.first_row(x.shape[0]) * per_row)
        return stream
