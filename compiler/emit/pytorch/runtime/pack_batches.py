"""Training batches from a data pack (pack.py), exactly as vlmc's DataBatches gives them (runtime/data/batches.ts, fit.ts).

Fitting first: every model input must declare a data source (the generated model's `sources`,
from the spec's `from …`) the pack can give — images of the input's H × W, token ids below the
model's table, two image files at least for `other_image`, one batch of examples at least — or
the run is refused with vlmc's diagnostic (VLM6309, VLM6310); preprocessing that differs from the
declaration is a warning (VLM6311). Input shapes come from the model's `input_specs` (the
per-example dims of this configuration).

Order: each epoch is a permutation of all examples, Fisher–Yates on the (seed, epoch,
"data:shuffle") stream of random.py (vlmc's stream, bit for bit); a batch never straddles an epoch
(the leftover examples wait for the next permutation). The position {epoch, index} is all the
state, stored in checkpoints: a source built at a saved position continues exactly.

Values: image / other_image (x / 255 − mean) / std in float64 then float32, as batches.ts
computes them (C = 1: PIL's grey); other_image is, for each example, another one drawn from the
(seed, epoch, "data:other_image:INPUT:INDEX") stream, redrawn (up to 16 times) while it shows the
same image file; caption cut to L keeping the suffix tokens and padded with the pad id,
caption_mask 1/0, caption_words each token's word in the row; progress epoch + step / steps
per epoch. Integers are torch.int64 (as everywhere in this runtime), floats float32.

Distributed: `batch` is the global batch; rank r of N gets the contiguous slice r of it (the
examples, and the other images drawn for the whole batch), so the ranks' slices concatenated in
rank order are the one-process batch (data.py and distributed.py say why that order).
"""
from __future__ import annotations

import torch

from .dtypes import torch_dtype
from .pack import Pack, PackError, render
from .random import RandomStream

# Draws of a different image before an example sharing its file is accepted.
_OTHER_IMAGE_TRIES = 16
_IMAGE = ("image", "other_image")
_CAPTION = ("caption", "caption_mask", "caption_words")


def _repack(flag: str) -> str:
    return f"pack the data again with `vlmc data pack … {flag}`"


def _type(spec: dict) -> str:
    dims = ["B"] + [str(d) for d in spec["shape"]] if spec.get("kind") != "progress" else []
    return f"{spec['dtype']}[{', '.join(dims)}]"


def fit(model, manifest: dict, batch: int) -> tuple:
    """([filler dicts], [warning texts]) for every input of the model; PackError when the pack cannot fill them."""
    errors, warnings, fillers = [], [], []
    specs, sources = getattr(model, "input_specs", {}), getattr(model, "sources", {})
    for name, spec in specs.items():
        if name not in sources:
            errors.append(("VLM6310", f"input `{name}` {_type(spec)} declares no data source, so a data set cannot fill it",
                           "declare where it comes from (`from image(mean: …, std: …)`, `from caption`, `from caption_mask`, …), or train on synthetic data with --data synthetic"))
    for name, spec in specs.items():
        source = sources.get(name)
        if source is not None:
            filler = _fit_one(name, spec, source, manifest, errors, warnings)
            if filler is not None:
                fillers.append(filler)
    if any(f["kind"] != "progress" for f in fillers) and manifest["examples"] < batch:
        count = manifest["examples"]
        errors.append(("VLM6309", f"the pack holds {count} example{'' if count == 1 else 's'}, fewer than one batch of {batch}", f"use --batch {count} or less, or pack more data"))
    if errors:
        raise PackError(errors)
    return fillers, warnings


def _fit_one(name: str, spec: dict, source: dict, m: dict, errors: list, warnings: list):
    kind = source["kind"]
    shape = [int(d) for d in spec["shape"]]
    shown = _type(spec)[len(spec["dtype"]) :]
    base = {"name": name, "kind": kind, "dtype": spec["dtype"], "shape": shape}

    def mismatch(message: str, hint: str = None):
        errors.append(("VLM6309", message, hint))

    if kind in _IMAGE:
        mean, std = list(source["mean"]), list(source["std"])
        if len(shape) != 3 or shape[0] not in (1, 3) or len(mean) != shape[0] or len(std) != shape[0]:
            return mismatch(f"input `{name}` {shown} takes {kind} with {len(mean)} channel(s); the pack holds RGB images, which give 3 channels, or 1 as grey")
        _, height, width = shape
        size = m["image"]["size"]
        if height != size or width != size:
            hint = _repack(f"--image-size {height}") if height == width else "a pack holds square images; declare a square input or crop elsewhere"
            return mismatch(f"input `{name}` takes {height}×{width} images, but the pack holds {size}×{size}", hint)
        if kind == "other_image" and m["images"] < 2:
            return mismatch(f"input `{name}` takes another image of the data set, but the pack holds only one image", "pack pairs with at least two different images")
        for arg, flag in (("resize", "--resize"), ("crop", "--crop")):
            declared, packed = source.get(arg), m["image"][arg]
            if declared is not None and declared != packed:
                warnings.append(render("VLM6311", f"input `{name}` declares {arg}: \"{declared}\", but the pack's images were prepared with {arg} \"{packed}\"", _repack(f"{flag} {declared}"), "warning"))
        return {**base, "mean": mean, "std": std}
    if kind in _CAPTION:
        if len(shape) != 1:
            return mismatch(f"input `{name}` {shown} takes {kind}, which is [B, L]")
        length = shape[0]
        below = spec.get("below")
        if kind == "caption" and below is not None and m["text"]["maxId"] >= below:
            t = m["tokenizer"]
            return mismatch(f"input `{name}` indexes a table of {below} rows, but the pack holds token ids up to {m['text']['maxId']} (a {t['kind']} vocabulary of {t['vocabSize']})",
                            "use the model variant whose vocabulary matches the tokenizer, or pack with a smaller tokenizer")
        cut = m["text"]["truncated"]
        if kind == "caption" and length > m["text"]["maxTokens"] and cut > 0:
            captions = "a caption" if cut == 1 else f"{cut} captions"
            warnings.append(render("VLM6311", f"input `{name}` reads captions of up to {length} tokens, but the pack cut {captions} at {m['text']['maxTokens']}", _repack(f"--max-tokens {length}"), "warning"))
        return {**base, "length": length}
    if kind == "progress":
        if shape:
            return mismatch(f"input `{name}` {shown} takes progress, which is a scalar []")
        return base
    errors.append(("VLM6310", f"input `{name}` declares the data source `{kind}`, which this data reader does not provide",
                   "the reader provides image, other_image, caption, caption_mask, caption_words and progress; or train with --data synthetic"))
    return None


class PackBatches:
    """The model's batches from the pack in `folder`: this rank's slice of each global batch, from `position` on."""

    def __init__(self, folder: str, model, *, batch: int, seed: int, rank: int = 0, world: int = 1, position: dict = None):
        if batch % world != 0:
            raise ValueError(f"--batch {batch} is the global batch: it must divide among {world} processes")
        self.pack = Pack(folder)
        try:
            self.fillers, self.warnings = fit(model, self.pack.manifest, batch)
            at = position or {"epoch": 0, "index": 0}
            epoch, index = at.get("epoch"), at.get("index")
            fine = all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (epoch, index))
            if not fine or index > self.pack.size:
                raise PackError([("VLM6309", f"the data position (epoch {epoch}, example {index}) is not a position in this pack of {self.pack.size} examples",
                                  "resume with the pack the run started with")])
        except BaseException:
            self.pack.close()
            raise
        self.batch, self.seed, self.rank, self.world = batch, int(seed), rank, world
        self.epoch, self.index = epoch, index
        self.steps_per_epoch = self.pack.size // batch
        self._order = None

    @property
    def position(self) -> dict:
        """Where the batch after the last one returned starts."""
        return {"epoch": self.epoch, "index": self.index}

    def close(self) -> None:
        self.pack.close()

    def next(self, device: torch.device = torch.device("cpu")) -> dict:
        """This rank's slice of the next global batch: {input name: tensor}."""
        if self.index + self.batch > self.pack.size:
            self.epoch += 1
            self.index = 0
        picked = self._permutation(self.epoch)[self.index : self.index + self.batch]
        local = self.batch // self.world
        lo, hi = self.rank * local, (self.rank + 1) * local
        examples = [self.pack.example(i) for i in picked[lo:hi]]
        out = {}
        rows = {}
        for f in self.fillers:
            kind, dtype = f["kind"], torch_dtype(f["dtype"])
            if kind == "image":
                out[f["name"]] = _images(f, examples).to(dtype)
            elif kind == "other_image":
                others = self._other_images(f["name"], picked)[lo:hi]
                out[f["name"]] = _images(f, [self.pack.example(i) for i in others]).to(dtype)
            elif kind in _CAPTION:
                if f["length"] not in rows:
                    t = self.pack.manifest["tokenizer"]
                    rows[f["length"]] = _caption_rows(examples, f["length"], len(t["suffix"]), t["pad"])
                out[f["name"]] = rows[f["length"]][_CAPTION.index(kind)].to(dtype)
            else:
                out[f["name"]] = torch.tensor(self.epoch + self.index / self.batch / max(1, self.steps_per_epoch), dtype=dtype)
        self.index += self.batch
        return {n: t.to(device) for n, t in out.items()}

    def _permutation(self, epoch: int) -> list:
        """The epoch's order of the examples: Fisher–Yates on the (seed, epoch) stream, as batches.ts draws it."""
        if self._order is not None and self._order[0] == epoch:
            return self._order[1]
        n = self.pack.size
        order = list(range(n))
        draws = RandomStream(self.seed, epoch, "data:shuffle").uint32s(max(0, n - 1)).tolist()
        for k, i in enumerate(range(n - 1, 0, -1)):
            # r.int(0, i + 1): floor(next() · (i + 1)), next() a uint32 over 2**32 (exact in float64).
            j = int((draws[k] / 4294967296.0) * (i + 1))
            order[i], order[j] = order[j], order[i]
        self._order = (epoch, order)
        return order

    def _other_images(self, name: str, picked: list) -> list:
        """For each picked example of the global batch, another one, preferably of another image file."""
        n = self.pack.size
        r = RandomStream(self.seed, self.epoch, f"data:other_image:{name}:{self.index}")
        out = []
        for own in picked:
            key = self.pack.image_key(own)
            other = 0
            for _ in range(_OTHER_IMAGE_TRIES):
                other = r.int(0, n - 1)
                if other >= own:
                    other += 1
                if self.pack.image_key(other) != key:
                    break
            out.append(other)
        return out


def _images(f: dict, examples: list) -> torch.Tensor:
    """[b, C, S, S] normalised pixels, computed in float64 as batches.ts does, then rounded to float32."""
    channels = f["shape"][0]
    if not examples:
        return torch.zeros([0] + f["shape"], dtype=torch.float32)
    size = f["shape"][1]
    hwc = torch.stack([torch.frombuffer(bytearray(e.pixels), dtype=torch.uint8) for e in examples]).reshape(len(examples), size, size, 3).to(torch.int64)
    if channels == 1:
        # PIL's convert("L"): ITU-R 601-2 luma in 16-bit fixed point, rounded to a byte.
        x = ((hwc[..., 0] * 19595 + hwc[..., 1] * 38470 + hwc[..., 2] * 7471 + 0x8000) >> 16).unsqueeze(1)
    else:
        x = hwc.permute(0, 3, 1, 2)
    scale = torch.tensor([1 / (255 * s) for s in f["std"]], dtype=torch.float64).reshape(1, channels, 1, 1)
    shift = torch.tensor([m / s for m, s in zip(f["mean"], f["std"])], dtype=torch.float64).reshape(1, channels, 1, 1)
    return (x.to(torch.float64) * scale - shift).to(torch.float32)


def _caption_rows(examples: list, L: int, suffix: int, pad: int) -> tuple:
    """(ids, mask, words) [b, L] as int64: rows cut keeping the last `suffix` tokens, padded (batches.ts captionRows)."""
    ids, mask, words = [], [], []
    for e in examples:
        n = len(e.ids)
        tail = min(suffix, L, n)
        head = min(n - tail, L - tail)
        kept = head + tail
        source = list(range(head)) + list(range(n - tail, n))
        ids.append([e.ids[s] for s in source] + [pad] * (L - kept))
        mask.append([1] * kept + [0] * (L - kept))
        row, word, last = [], 0, -2
        for j in range(L):
            stored = e.words[source[j]] if j < kept else -1
            if stored >= 0 and stored == last:
                row.append(word - 1)
            else:
                row.append(word)
                word += 1
            last = stored
        words.append(row)
    shape = (len(examples), L)
    return tuple(torch.tensor(v, dtype=torch.int64).reshape(shape) for v in (ids, mask, words))
