"""Torch reference for every primitive op's forward and gradient (test/parity/ops.test.ts).

Usage: ref_ops.py CASES.safetensors RESULTS.safetensors

CASES holds, for each case NAME, its inputs `NAME/in0`, `NAME/in1`, … (absent optional inputs
are simply missing) and the cotangent `NAME/cot`; its metadata entry `cases` is a JSON list of
{name, op, attrs, arity, grads}. For each case this writes torch's forward `NAME/out` and, for
every input index in `grads`, the gradient of sum(out * cot) with respect to it, `NAME/grad<i>`.
Each op is written with plain torch operations, as the original models compute it.
"""
import json
import sys

from ref_common import fail, read_tensors, torch, write_tensors
from ref_ops_elementwise import OPS as ELEMENTWISE
from ref_ops_layout import OPS as LAYOUT
from ref_ops_linalg import OPS as LINALG
from ref_ops_objectives import OPS as OBJECTIVES

OPS = {**ELEMENTWISE, **LINALG, **LAYOUT, **OBJECTIVES}


def run_case(case, tensors):
    name = case["name"]
    fn = OPS.get(case["op"])
    if fn is None:
        fail(f"no reference for op '{case['op']}' (case {name})")
    grads = set(case["grads"])
    inputs = []
    for i in range(case["arity"]):
        t = tensors.get(f"{name}/in{i}")
        if t is not None and i in grads:
            t = t.clone().requires_grad_(True)
        inputs.append(t)
    while inputs and inputs[-1] is None:
        inputs.pop()
    out = fn(inputs, case["attrs"])
    results = {f"{name}/out": out.detach()}
    if grads:
        if out.requires_grad:
            (out * tensors[f"{name}/cot"]).sum().backward()
        for i in sorted(grads):
            g = inputs[i].grad
            results[f"{name}/grad{i}"] = torch.zeros_like(inputs[i]) if g is None else g
    return results


def main():
    if len(sys.argv) != 3:
        fail("usage: ref_ops.py CASES.safetensors RESULTS.safetensors")
    tensors, metadata = read_tensors(sys.argv[1])
    results = {}
    for case in json.loads(metadata["cases"]):
        results.update(run_case(case, tensors))
    write_tensors(sys.argv[2], results)


if __name__ == "__main__":
    main()
