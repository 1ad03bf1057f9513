"""The torch reference of CLIP tiny's training-parity test (test/parity/train-clip.test.ts): the
CLIP of clip_tiny.py (openai/CLIP's modules and names) trained with open_clip's symmetric InfoNCE
(`ClipLoss`: cross-entropy of the scaled similarities against the diagonal, both ways, halved),
the scale exp(logit_scale) clamped at 100 as clip.vlm clamps it.

Usage:
  train_clip.py init DIR         random weights in openai's layout (DIR/clip.safetensors)
  train_clip.py train DIR RUN…   for each RUN, trains from DIR/clip.safetensors as DIR/RUN.json
                                 says (train_common.py) and writes DIR/RUN.reference.safetensors
                                 and the final weights, DIR/RUN.final.safetensors
"""
import os

from clip_tiny import CLIP, randomise
from ref_common import F, read_tensors, torch, write_tensors
from train_common import main, read_run, train


def itc(model, image, text):
    image_features = F.normalize(model.encode_image(image), dim=-1)
    text_features = F.normalize(model.encode_text(text), dim=-1)
    logits = model.logit_scale.exp().clamp(max=100.0) * image_features @ text_features.t()
    labels = torch.arange(image.shape[0])
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


def init(folder):
    generator = torch.Generator().manual_seed(2031)
    model = CLIP()
    randomise(model, generator)
    write_tensors(os.path.join(folder, "clip.safetensors"), model.state_dict(), narrow_int64=False)


def train_runs(folder, runs):
    for run in runs:
        model = CLIP()
        weights, _ = read_tensors(os.path.join(folder, "clip.safetensors"))
        model.load_state_dict(weights, strict=True)
        config, batches = read_run(folder, run)
        train(model, config, batches, lambda b, step, micro: {"itc": itc(model, b["image"], b["text"].long())}, os.path.join(folder, f"{run}.reference.safetensors"))
        write_tensors(os.path.join(folder, f"{run}.final.safetensors"), model.state_dict(), narrow_int64=False)


if __name__ == "__main__":
    main("train_clip.py", init, train_runs)
