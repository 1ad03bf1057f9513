"""The Python side of interop.test.ts: safetensors files cross between vlmc and PyTorch.

    interop.py SPEC.json FROM_VLMC.safetensors OUT.safetensors STATE.safetensors

SPEC lists tensors as {name: {dtype, shape, values}} (values may be "nan", "inf", "-inf").
Checks that FROM_VLMC (written by vlmc from the same spec) holds exactly those tensors, bit for
bit, with torch doing every float16/bfloat16 rounding itself; writes the spec's tensors to OUT
with tools/safetensors_io.py; reads STATE (a vlmc model checkpoint) and rebuilds every
parameter name from its share map. Prints one JSON report.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools"))
import safetensors_io  # noqa: E402
import torch  # noqa: E402

DTYPES = safetensors_io.DTYPES


def value(v):
    return float(v) if isinstance(v, str) else v


def build(spec):
    out = {}
    for name, s in spec.items():
        dtype = DTYPES[s["dtype"]]
        values = [value(v) for v in s["values"]]
        if dtype in (torch.float16, torch.bfloat16):
            # Round from float32, as vlmc does (the values are exact float32 numbers). torch 1.13's
            # vectorised float→bfloat16 writes NaN as 0xFFFF, where torch's scalar path, later
            # versions and vlmc write 0x7FC0: any NaN is NaN, so NaNs are made canonical.
            t = torch.tensor(values, dtype=torch.float32).to(dtype)
            t = torch.where(torch.isnan(t), torch.tensor(float("nan"), dtype=dtype), t)
        else:
            t = torch.tensor(values, dtype=dtype)
        out[name] = t.reshape(s["shape"])
    return out


def bits(t):
    return safetensors_io._bytes_of(t)


def main():
    spec_path, from_vlmc, out_path, state_path = sys.argv[1:5]
    with open(spec_path) as f:
        spec = json.load(f)
    expected = build(spec)
    got, metadata = safetensors_io.load(from_vlmc)
    failures = []
    if sorted(got) != sorted(expected):
        failures.append(f"names differ: {sorted(got)} vs {sorted(expected)}")
    for name, t in expected.items():
        g = got.get(name)
        if g is None:
            continue
        if g.dtype != t.dtype or list(g.shape) != list(t.shape) or bits(g) != bits(t):
            failures.append(f"{name}: vlmc wrote {g.dtype} {list(g.shape)} {g.reshape(-1)[:6].tolist()}, torch makes {t.dtype} {list(t.shape)} {t.reshape(-1)[:6].tolist()}")
    safetensors_io.save(expected, out_path, {"written_by": "safetensors_io.py"})

    state, state_meta = safetensors_io.load(state_path)
    shares = json.loads(state_meta.get("vlmc.shares", "{}"))
    unresolved = sorted(alias for alias, owner in shares.items() if owner not in state)
    full = dict(state)
    full.update({alias: state[owner] for alias, owner in shares.items() if owner in state})
    print(
        json.dumps(
            {
                "failures": failures,
                "metadata": metadata,
                "state_metadata": {k: v for k, v in state_meta.items() if k != "vlmc.shares"},
                "state_names": sorted(state),
                "aliases": len(shares),
                "unresolved_aliases": unresolved,
                "all_names": len(full),
            }
        )
    )


main()
