"""Exports bench/torch_vit.py's CLIP ViT-B/16 image tower to ONNX with torch.onnx.export: the
graph "the best exporter gives" that the runtime benchmark (bench/runtime.ts, ONNX section) runs
in onnxruntime-node beside the graph vlmc emits. bench/onnx-models.ts runs this script at bench
time into a temporary folder; the exported file is never committed.

The tower is loaded with vlmc's weights (--weights: a safetensors file of the CLIP B16 state's
image-tower tensors under vlmc's names, written by bench/onnx-weights.ts), so both graphs compute
the same function on the same numbers and the benchmark can compare their outputs. --reference
also saves eager PyTorch's output for the export's example input (tensors `image` and
`image_features`), against which the benchmark checks every ONNX graph. torch 1.13 writes the
ModelProto itself (in C++), so no `onnx` Python package is needed.

    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/torch_vit_onnx.py \
        --weights tower.safetensors --out torch-vit.onnx [--opset 17] [--reference ref.safetensors]

Prints one JSON object on stdout: the torch version, opset, file size and export time.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OMP_NUM_THREADS", "2")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tools"))

import torch  # noqa: E402  (after the OpenMP settings, which torch reads at import)
from safetensors_io import load, save  # noqa: E402
from torch_vit import VisionTower  # noqa: E402

# vlmc's hierarchical names (specs/models/clip.vlm's CLIPVisual and std/vision.vlm's
# VisionTransformer) → the attribute paths of torch_vit.VisionTower, as prefix rewrites.
PREFIXES = [
    ("visual.vit.patch_embed.weight", "conv1.weight"),
    ("visual.vit.cls_token", "class_embedding"),
    ("visual.vit.pos_embed", "positional_embedding"),
    ("visual.vit.ln_pre.", "ln_pre."),
    ("visual.vit.layers.", "blocks."),
    ("visual.ln_post.", "ln_post."),
    ("visual.proj", "proj"),
]
# Inside a block vlmc nests the projections under attn. and mlp.; torch_vit.Block does not.
BLOCK_PARTS = [(".attn.", "."), (".mlp.", ".")]


def torch_name(vlmc_name):
    for old, new in PREFIXES:
        if vlmc_name.startswith(old):
            name = new + vlmc_name[len(old) :]
            if new == "blocks.":
                for part, replacement in BLOCK_PARTS:
                    name = name.replace(part, replacement)
            return name
    raise ValueError(f"no torch_vit.VisionTower parameter for vlmc's {vlmc_name!r}")


def tower_with(weights_file):
    tensors, _ = load(weights_file)
    state = {torch_name(name): t for name, t in tensors.items()}
    model = VisionTower().eval()
    # strict: every torch parameter must come from the file and every tensor in it must be used.
    model.load_state_dict(state, strict=True)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--reference", help="also save eager PyTorch's input and output here")
    args = parser.parse_args()

    model = tower_with(args.weights)
    # An example batch of 2, so that nothing the tracer sees can be mistaken for a size-1 axis.
    example = torch.randn(2, 3, 224, 224)
    start = time.perf_counter()
    with torch.no_grad():
        torch.onnx.export(
            model,
            (example,),
            args.out,
            opset_version=args.opset,
            input_names=["image"],
            output_names=["image_features"],
            dynamic_axes={"image": {0: "B"}, "image_features": {0: "B"}},
            do_constant_folding=True,
        )
    seconds = time.perf_counter() - start
    if args.reference:
        with torch.no_grad():
            save({"image": example, "image_features": model(example)}, args.reference)
    print(json.dumps({"torch": torch.__version__, "opset": args.opset, "bytes": os.path.getsize(args.out), "export_s": seconds}))


if __name__ == "__main__":
    main()
