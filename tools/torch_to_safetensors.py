#!/usr/bin/env python3
"""Converts a PyTorch checkpoint into a safetensors file that `vlmc run --weights` reads.

    /usr/bin/python3 tools/torch_to_safetensors.py ViT-B-16.pt ViT-B-16.safetensors
    /usr/bin/python3 tools/torch_to_safetensors.py model_base.pth blip-base.safetensors --key model

PyTorch checkpoints are pickles (or TorchScript archives, as openai/CLIP's downloads are), which
only Python can read; this writes their tensors, under their own names, in the format vlmc reads.
A weight map (`vlmc run … --map clip-openai`) then renames and reshapes them for a spec.
Accepted: a state_dict, a dict holding one (under --key, or the only dict-of-tensors entry among
"model", "state_dict", "module"), a whole nn.Module, or a TorchScript archive. Entries that are
not tensors (an epoch counter, an optimizer) are listed and skipped. Needs only torch.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import save  # noqa: E402

NESTED = ("model", "state_dict", "module")


def state_dict_of(obj, key):
    if isinstance(obj, torch.nn.Module):
        return obj.state_dict()
    if not isinstance(obj, dict):
        raise SystemExit(f"the checkpoint holds a {type(obj).__name__}, not a state_dict or a module")
    if key is not None:
        if key not in obj:
            raise SystemExit(f"the checkpoint has no entry {key!r}; it has: {', '.join(map(str, obj))}")
        return state_dict_of(obj[key], None)
    if any(isinstance(v, torch.Tensor) for v in obj.values()):
        return obj
    nested = [k for k in NESTED if isinstance(obj.get(k), dict)]
    if len(nested) == 1:
        return obj[nested[0]]
    raise SystemExit(f"cannot tell which entry holds the weights ({', '.join(map(str, obj))}); pass --key")


def load_any(path):
    try:
        return torch.jit.load(path, map_location="cpu")
    except RuntimeError:
        return torch.load(path, map_location="cpu")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkpoint", help="a .pt/.pth/.bin file")
    parser.add_argument("output", help="the .safetensors file to write")
    parser.add_argument("--key", help="the entry of the checkpoint that holds the state_dict (e.g. model)")
    args = parser.parse_args()
    state = state_dict_of(load_any(args.checkpoint), args.key)
    tensors = {}
    for name, value in state.items():
        if isinstance(value, torch.Tensor):
            tensors[name] = value.detach().contiguous()
        else:
            print(f"skipped {name}: a {type(value).__name__}, not a tensor", file=sys.stderr)
    save(tensors, args.output, {"converted_from": os.path.basename(args.checkpoint)})
    print(f"wrote {len(tensors)} tensors to {args.output}")


if __name__ == "__main__":
    main()
