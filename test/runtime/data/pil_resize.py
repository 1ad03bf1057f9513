"""The reference for runtime/data/resample.ts: torchvision's Resize(size) + CenterCrop(size) on a
PIL image (torchvision is not needed: its size rules are restated here), or Resize((size, size))
for crop "none". Reads raw RGB bytes, writes raw RGB bytes.

usage: pil_resize.py IN.rgb WIDTH HEIGHT SIZE bicubic|bilinear center|none OUT.rgb
"""
import sys
from PIL import Image

src, width, height, size, filt, crop, dst = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
img = Image.frombytes("RGB", (width, height), open(src, "rb").read())
resample = Image.BICUBIC if filt == "bicubic" else Image.BILINEAR
if crop == "none":
    out = img.resize((size, size), resample)
else:
    # torchvision.transforms.functional.resize: the shorter side becomes `size`, the longer int(size * long / short).
    if width <= height:
        w, h = size, int(size * height / width)
    else:
        w, h = int(size * width / height), size
    img = img.resize((w, h), resample)
    # center_crop: offsets int(round((dim - size) / 2.0)), Python's round (half to even).
    top, left = int(round((h - size) / 2.0)), int(round((w - size) / 2.0))
    out = img.crop((left, top, left + size, top + size))
open(dst, "wb").write(out.tobytes())
