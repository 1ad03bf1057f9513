"""The state of one pass through a generated model, as runtime/api/run.ts keeps it.

Training or eval, the seed and step its random ops draw from, and the key frames that name each
op exactly as the compiler names the IR node it would have emitted (`scope:mode@k/op.n`,
compiler/elaborate/interp.ts). The same key gives the same random stream (random.py), so a
generated PyTorch model and vlmc's tfjs runtime draw the same dropout masks, token masks and
negatives. Generated code never sees a Run: its forward methods enter `self.call(mode)`
(module.py), spec functions enter `fn_call(name)`, and the ops read the current run.

Under DDP a run also knows its rank, the number of ranks and the local batch size (the first
input's axis 0, recorded by Model when its forward starts): random ops draw this rank's rows of
what a one-process run over the global batch draws (ops_sampling.py says when that is exact).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from . import distributed
from .random import RandomStream


class KeyFrame:
    """Ordinals of ops (and fn calls) within one frame, as compiler/elaborate/interp.ts counts them."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self._counters: dict[str, int] = {}

    def next(self, what: str) -> int:
        k = self._counters.get(what, 0)
        self._counters[what] = k + 1
        return k


class Run:
    def __init__(self, training: bool = False, seed: int = 0, step: int = 0):
        self.training = bool(training)
        self.seed = int(seed)
        self.step = int(step)
        # Calls made so far per `path:mode`, as the compiler counts them for call keys.
        self._call_counts: dict[str, int] = {}
        self._frame = KeyFrame("model")
        # Queue writes made so far, in call order (graph order in the IR): queue.py appends them,
        # the trainer applies them after the optimiser step.
        self.writes: list[Any] = []
        # This process's place in a data-parallel run (1 and 0 in one process), and the batch size
        # its forward sees (None until a model's forward starts): see ops_sampling.py.
        self.world = distributed.world()
        self.rank = distributed.rank()
        self.local_batch: int | None = None

    @contextmanager
    def call(self, path: str, mode: str = "") -> Iterator[None]:
        """The body is the forward `mode` ("" for the default) of the module at `path` ("" for the model)."""
        base = f"{path or 'model'}:{mode or 'forward'}"
        k = self._call_counts.get(base, 0)
        self._call_counts[base] = k + 1
        with self._within(KeyFrame(f"{base}@{k}")):
            yield

    @contextmanager
    def fn(self, name: str) -> Iterator[None]:
        """The body is a call of the spec function `name` from the current frame."""
        prefix = f"{self._frame.prefix}/{name}@{self._frame.next(f'fn:{name}')}"
        with self._within(KeyFrame(prefix)):
            yield

    def next_key(self, op: str) -> str:
        """The key of the next `op` in the current frame."""
        return f"{self._frame.prefix}/{op}.{self._frame.next(op)}"

    def random(self, key: str) -> RandomStream:
        return RandomStream(self.seed, self.step, key)

    @contextmanager
    def _within(self, frame: KeyFrame) -> Iterator[None]:
        saved = self._frame
        self._frame = frame
        try:
            yield
        finally:
            self._frame = saved


_current: Run | None = None


@contextmanager
def with_run(training: bool = False, seed: int = 0, step: int = 0) -> Iterator[Run]:
    """The body runs in a fresh run with these options (nested runs restore the outer one)."""
    global _current
    saved = _current
    run = Run(training=training, seed=seed, step=step)
    _current = run
    try:
        yield run
    finally:
        _current = saved
        # Writes nobody took (an inference pass through a model with a queue) are dropped.
        run.writes.clear()


def current_run() -> Run:
    """The run in progress; outside any, a module called directly runs in eval mode with seed 0."""
    global _current
    if _current is None:
        _current = Run()
    return _current


@contextmanager
def fn_call(name: str) -> Iterator[None]:
    """The body of the spec function `name`, in its key frame (generated spec functions enter this)."""
    with current_run().fn(name):
        yield
