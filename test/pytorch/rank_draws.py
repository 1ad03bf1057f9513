"""The Python side of rank-draws.test.ts: data-parallel ranks emulated in one process.

  rank_draws.py PKG OUT

For each random op (ops_sampling.py) and each case, the op is called once as a one-process run
over the global batch, then once per rank on that rank's contiguous slice of the batch, in a run
told by hand what a DDP process's run knows (world, rank, local batch); each in a fresh run with
the same seed and step, so every call takes the same node key. The report says, per case, whether
the ranks' results concatenated equal the one-process result exactly, and whether ranks that
ignore their place (each drawing rows [0, b)'s numbers for its own rows) would also equal it — they
must not, or the case could not tell. Gathered tensors (axis 0 = the global batch) and a 1-D budget_mask, which every rank
draws whole, are checked to equal the one-process draw on every rank. RandomStream.skip(n) is
checked against drawing n numbers.
"""
from __future__ import annotations

import json
import sys

import torch

sys.path.insert(0, sys.argv[1])
from vlmcpkg.runtime import ops  # noqa: E402
from vlmcpkg.runtime.random import RandomStream  # noqa: E402
from vlmcpkg.runtime.run import with_run  # noqa: E402

SEED, STEP = 5, 3


def cases(batch: int) -> dict:
    """name → (op call on a batch-major tensor dict, the global inputs)."""
    g = torch.Generator().manual_seed(batch)
    ids = torch.randint(1, 40, (batch, 12), generator=g)
    words = torch.cumsum((torch.rand(batch, 12, generator=g) < 0.7).to(torch.int64), dim=1)
    probs = torch.rand(batch, 7, generator=g)
    probs[1] = 0  # a row without positive weight still takes its one draw
    return {
        "dropout": (lambda t: ops.dropout(t["x"], p=0.3), {"x": torch.randn(batch, 4, 5, generator=g)}),
        # 9000 elements per rank: the chunk-parallel generator, and skips across its chunks.
        "dropout_long": (lambda t: ops.dropout(t["x"], p=0.5), {"x": torch.randn(batch, 50, 60, generator=g)}),
        "drop_path": (lambda t: ops.drop_path(t["x"], p=0.5), {"x": torch.randn(batch, 3, 4, generator=g)}),
        "bernoulli_mask": (lambda t: ops.bernoulli_mask(t["ids"], p=0.3, exclude=[1]), {"ids": ids}),
        "bernoulli_mask_groups": (lambda t: ops.bernoulli_mask(t["ids"], t["words"], p=0.4), {"ids": ids, "words": words}),
        "budget_mask": (lambda t: ops.budget_mask(t["ids"], p=0.25), {"ids": ids}),
        "mask_tokens": (lambda t: ops.mask_tokens(t["ids"], t["mask"], mask_id=99, vocab=40, p_mask=0.5, p_random=0.3, random_min=2),
                        {"ids": ids, "mask": torch.rand(batch, 12, generator=g) < 0.6}),
        "patch_block_mask": (lambda t: ops.patch_block_mask(t["x"], grid_h=4, grid_w=5, ratio=0.4, min_block=2),
                             {"x": torch.zeros(batch, 20, 3)}),
        "multinomial": (lambda t: ops.multinomial(t["probs"]), {"probs": probs}),
    }


def call(f, inputs: dict, world: int = 1, rank: int = 0, local: int | None = None) -> torch.Tensor:
    with with_run(training=True, seed=SEED, step=STEP) as run:
        run.world, run.rank, run.local_batch = world, rank, local
        with run.call("", ""):
            return f(inputs)


def split(world: int, local: int) -> dict:
    out = {}
    for name, (f, inputs) in cases(world * local).items():
        whole = call(f, inputs)
        parts = [call(f, {k: v[r * local : (r + 1) * local] for k, v in inputs.items()}, world, r, local) for r in range(world)]
        # Ranks drawing as one process does: each its own rows with the draws of rows [0, local).
        naive = [call(f, {k: v[r * local : (r + 1) * local] for k, v in inputs.items()}) for r in range(world)]
        out[name] = {"equal": torch.equal(torch.cat(parts), whole), "naive_equal": torch.equal(torch.cat(naive), whole)}
    return out


def whole_on_every_rank(world: int, local: int) -> dict:
    """Tensors a rank does not hold a slice of: every rank draws what one process draws."""
    f_drop, x = cases(world * local)["dropout"]
    f_budget = lambda t: ops.budget_mask(t["ids"], p=0.25)  # noqa: E731
    row = {"ids": torch.arange(local)}  # 1-D: one row, one budget across the ranks' positions
    return {
        "gathered": all(torch.equal(call(f_drop, x, world, r, local), call(f_drop, x)) for r in range(world)),
        "budget_1d": all(torch.equal(call(f_budget, row, world, r, local), call(f_budget, row)) for r in range(world)),
    }


def skips() -> dict:
    out = {}
    for n in (0, 1, 63, 64, 4096, 12345, 300001):
        drawn = RandomStream(SEED, STEP, "skip")
        drawn.uint32s(n)
        skipped = RandomStream(SEED, STEP, "skip")
        skipped.skip(n)
        out[str(n)] = drawn.uint32s(5).tolist() == skipped.uint32s(5).tolist()
    return out


if __name__ == "__main__":
    report = {"world2": split(2, 3), "world3": split(3, 2), "whole": whole_on_every_rank(2, 3), "skip": skips()}
    with open(sys.argv[2], "w") as f:
        json.dump(report, f)
