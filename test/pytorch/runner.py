"""The Python side of test/pytorch/*.test.ts: runs vlmc's PyTorch runtime (copied by the test
into PKG/vlmcpkg/runtime, a package as in every generated model) on what the test wrote as JSON,
and writes what it computed back as JSON, in one process per test file (importing torch is slow).

  runner.py PKG random IN OUT      RandomStream draws for (seed, step, key) triples
  runner.py PKG ops IN OUT         one op call per case, in its own run and call frame
  runner.py PKG signatures OUT     each op function's positional inputs and keyword defaults
  runner.py PKG run IN OUT         the key-frame script of run.test.ts

Tensors travel as {"dtype", "shape", "data"} with non-finite floats as strings.
"""
from __future__ import annotations

import inspect
import json
import math
import sys
import traceback

import torch

sys.path.insert(0, sys.argv[1])
from vlmcpkg.runtime import ops  # noqa: E402
from vlmcpkg.runtime.random import RandomStream  # noqa: E402
from vlmcpkg.runtime.run import current_run, fn_call, with_run  # noqa: E402

DTYPES = {"f32": torch.float32, "i32": torch.int64, "bool": torch.bool}


def number_in(v):
    return float(v) if isinstance(v, str) else v


def number_out(v: float):
    return v if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))


def tensor_in(t):
    if t is None:
        return None
    data = [number_in(v) for v in t["data"]]
    return torch.tensor(data, dtype=DTYPES[t["dtype"]]).reshape(t["shape"])


def tensor_out(t: torch.Tensor):
    dtype = "bool" if t.dtype == torch.bool else ("f32" if t.dtype.is_floating_point else "i32")
    flat = t.detach().reshape(-1)
    data = [int(v) for v in flat.tolist()] if dtype != "f32" else [number_out(v) for v in flat.to(torch.float64).tolist()]
    return {"dtype": dtype, "shape": list(t.shape), "data": data}


def floats(values) -> list:
    return [number_out(float(v)) for v in values]


def random_draws(triple) -> dict:
    """The protocol random.test.ts runs on runtime/random.ts: each list from a fresh stream."""
    seed, step, key = triple["seed"], triple["step"], triple["key"]
    fresh = lambda: RandomStream(seed, step, key)  # noqa: E731
    out = {}
    s = fresh()
    out["uint32"] = [s.next_uint32() for _ in range(40)]
    s = fresh()
    out["bulk"] = s.uint32s(9000).tolist()
    out["after_bulk"] = [s.next_uint32() for _ in range(3)]
    out["uniform"] = floats(fresh().uniform(5000).tolist())
    s = fresh()
    out["normal_one"] = floats(s.normal_one() for _ in range(9))
    s = fresh()
    out["fill_normal"] = floats(s.fill_normal(6000, 0.5, 0.02, 2).tolist())
    out["after_fill"] = [s.next_uint32() for _ in range(3)]
    s = fresh()
    out["normal_small"] = floats(s.normal(7).tolist())
    out["after_small"] = [s.next_uint32() for _ in range(3)]
    out["keep_mask"] = floats(fresh().keep_mask(300, 0.3).tolist())
    s = fresh()
    out["int"] = [s.int(3, 17) for _ in range(20)]
    return out


def run_op(case) -> dict:
    fn = getattr(ops, case["op"], None)
    if fn is None:
        return {"error": f"ops has no function {case['op']}"}
    inputs = [tensor_in(t) for t in case["inputs"]]
    try:
        with with_run(training=case["training"], seed=case["seed"], step=case["step"]):
            with current_run().call("x", ""):
                out = fn(*inputs, **case["attrs"])
        return {"value": tensor_out(out)}
    except Exception:  # reported per case by the test
        return {"error": traceback.format_exc(limit=4)}


def signatures() -> dict:
    out = {}
    for name in ops.__all__:
        params = inspect.signature(getattr(ops, name)).parameters.values()
        out[name] = {
            "inputs": [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)],
            "optional": [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD and p.default is None],
            "attrs": {p.name: (None if p.default is p.empty else {"default": p.default}) for p in params if p.kind == p.KEYWORD_ONLY},
        }
    return out


def run_script(spec) -> dict:
    """run.test.ts's script: calls, fn frames, ops with and without keys; each random result and probed key."""
    x = tensor_in(spec["x"])
    ids = tensor_in(spec["ids"])
    got: dict[str, object] = {}
    with with_run(training=True, seed=spec["seed"], step=spec["step"]):
        run = current_run()
        with run.call("enc", ""):
            got["a"] = tensor_out(ops.dropout(x, p=0.5))
            ops.dropout(x, p=0)  # the identity: takes no key
            with fn_call("f"):
                got["b"] = tensor_out(ops.dropout(ops.add(x, 2.0), p=0.5))  # 2.0 is a constant, keyed as one
                with fn_call("g"):
                    got["c"] = tensor_out(ops.bernoulli_mask(ids, p=0.4))
            with fn_call("f"):
                got["d"] = tensor_out(ops.dropout(x, p=0.25))
            got["e"] = tensor_out(ops.dropout(x, p=0.5))
            got["key1"] = run.next_key("probe")
        with run.call("enc", ""):
            got["f"] = tensor_out(ops.dropout(x, p=0.5))
        with run.call("", "itm"):
            got["g"] = tensor_out(ops.mask_tokens(ids, ops.gt(ids, 3), mask_id=1, vocab=10))
            got["key2"] = run.next_key("probe")
        got["key3"] = run.next_key("probe")
    with with_run(training=False, seed=spec["seed"], step=spec["step"]):
        with current_run().call("enc", ""):
            got["h"] = tensor_out(ops.dropout(x, p=0.5))  # eval: x itself
            got["key4"] = current_run().next_key("probe")
    return got


def main() -> None:
    mode = sys.argv[2]
    if mode == "signatures":
        result = signatures()
        target = sys.argv[3]
    else:
        with open(sys.argv[3]) as f:
            given = json.load(f)
        target = sys.argv[4]
        if mode == "random":
            result = [random_draws(t) for t in given]
        elif mode == "ops":
            torch.manual_seed(0)
            result = {case["name"]: run_op(case) for case in given}
        elif mode == "run":
            result = run_script(given)
        else:
            raise SystemExit(f"unknown mode {mode}")
    with open(target, "w") as f:
        json.dump(result, f, allow_nan=False)


if __name__ == "__main__":
    main()
