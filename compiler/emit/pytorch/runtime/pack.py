"""A data pack written by `vlmc data pack`, opened for reading (runtime/data/dataset.ts, manifest.ts).

Opening checks the manifest (format, version, the fields batches need) and every shard's header
against it — each file present, of the recorded size, holding the tensors, dtypes and shapes the
manifest implies — so a damaged pack is refused before training starts, with vlmc's codes
(VLM6307 for the manifest, VLM6308 for a shard). Examples are then read row by row at their
offsets (a few hundred bytes of ids and S·S·3 bytes of pixels each), never a whole shard: memory
holds one batch whatever the pack's size.

Each shard holds, for its n examples: images U8 [n, S, S, 3] (RGB, row-major), tokens I32 [n, L],
lengths I32 [n], words I32 [n, L] (−1 for special tokens and padding), image_keys I32 [n] (a hash
of the image's path), lines I32 [n] (runtime/data/README.md).
"""
from __future__ import annotations

import bisect
import json
import os
from collections import OrderedDict

from .safetensors import SafetensorsError, read_header

FORMAT = "vlmc-data"
VERSION = 1
_REPACK = "pack the data again with `vlmc data pack`"
# Shard files kept open at once; more are closed least-recently-used first.
_OPEN_FILES = 8


class PackError(ValueError):
    """The pack cannot be used: vlmc's diagnostics (code, message, hint), rendered as vlmc renders them."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(render(*p) for p in problems))


def render(code: str, message: str, hint: str = None, severity: str = "error") -> str:
    return f"{severity} {code}: {message}" + (f"\n  hint: {hint}" if hint else "")


def _count(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _positive(v) -> bool:
    return _count(v) and v > 0


# Field (dotted) → check, what it must be: manifest.ts FIELDS, the ones reading relies on.
_FIELDS = (
    ("examples", _positive, "a positive integer"),
    ("images", _positive, "a positive integer"),
    ("image.size", _positive, "a positive integer"),
    ("image.resize", lambda v: v in ("bicubic", "bilinear"), "bicubic or bilinear"),
    ("image.crop", lambda v: v in ("center", "none"), "center or none"),
    ("text.maxTokens", _positive, "a positive integer"),
    ("text.maxId", _count, "a non-negative integer"),
    ("text.truncated", _count, "a non-negative integer"),
    ("tokenizer.kind", lambda v: v in ("wordpiece", "bpe", "json"), "wordpiece, bpe or json"),
    ("tokenizer.vocabSize", _positive, "a positive integer"),
    ("tokenizer.pad", _count, "a non-negative integer"),
    ("tokenizer.prefix", lambda v: isinstance(v, list) and all(_count(x) for x in v), "a list of token ids"),
    ("tokenizer.suffix", lambda v: isinstance(v, list) and all(_count(x) for x in v), "a list of token ids"),
    ("shards", lambda v: isinstance(v, list) and len(v) > 0, "a non-empty list"),
)


def _at(raw, dotted: str):
    for k in dotted.split("."):
        raw = raw.get(k) if isinstance(raw, dict) else None
    return raw


def read_manifest(folder: str) -> dict:
    """DIR/manifest.json, validated; PackError (VLM6307) when it is missing or damaged."""
    file = os.path.join(folder, "manifest.json")

    def fail(where: str, *problems: str):
        raise PackError([("VLM6307", f"{where}: {p}", _REPACK) for p in problems])

    if not os.path.exists(folder):
        fail(folder, "no such folder")
    if not os.path.isdir(folder):
        fail(folder, "is a file, not a folder made by `vlmc data pack`")
    try:
        with open(file, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        fail(file, "no manifest: this folder holds no finished pack (was packing interrupted?)")
    except OSError as e:
        fail(file, f"cannot read it: {e.strerror or e}")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        fail(file, f"not valid JSON ({e})")
    if not isinstance(raw, dict):
        fail(file, "not a JSON object")
    if raw.get("format") != FORMAT:
        fail(file, f'not a vlmc data manifest (its "format" is {json.dumps(raw.get("format"))}, not "{FORMAT}")')
    if raw.get("version") != VERSION:
        fail(file, f'written by another version of vlmc (format version {json.dumps(raw.get("version"))}; this one reads {VERSION})')
    bad = [f'"{k}" is {json.dumps(_at(raw, k))}, not {want}' for k, ok, want in _FIELDS if not ok(_at(raw, k))]
    if bad:
        fail(file, *bad)
    for i, s in enumerate(raw["shards"]):
        fine = isinstance(s, dict) and isinstance(s.get("file"), str) and "/" not in s["file"] and "\\" not in s["file"]
        if not (fine and _positive(s.get("examples")) and _positive(s.get("bytes"))):
            bad.append(f'shard {i} is {json.dumps(s)}, not {{"file": a file name in the pack\'s folder, "examples": > 0, "bytes": > 0}}')
    if bad:
        fail(file, *bad)
    total = sum(s["examples"] for s in raw["shards"])
    if total != raw["examples"]:
        fail(file, f'its shards hold {total} examples, but "examples" says {raw["examples"]}')
    return raw


class Example:
    """One example as stored: pixels (S·S·3 bytes, HWC), its token ids and word indices up to its length."""

    __slots__ = ("pixels", "ids", "words", "image_key")

    def __init__(self, pixels: bytes, ids: list, words: list, image_key: int):
        self.pixels, self.ids, self.words, self.image_key = pixels, ids, words, image_key


class Pack:
    """An opened pack: `size` examples, `manifest`, `example(i)`, `image_key(i)`; close() when done."""

    def __init__(self, folder: str):
        self.folder = folder
        self.manifest = m = read_manifest(folder)
        self.size = m["examples"]
        self._S, self._L = m["image"]["size"], m["text"]["maxTokens"]
        self._shards = []  # (file, first example, {tensor: absolute begin})
        self._firsts = []
        problems = []
        first = 0
        for record in m["shards"]:
            file = os.path.join(folder, record["file"])
            begins = self._validate(file, record["examples"], record["bytes"], problems)
            if begins is not None:
                self._shards.append((file, first, begins))
                self._firsts.append(first)
            first += record["examples"]
        if problems:
            raise PackError([("VLM6308", f"{file}: {p}", _REPACK) for file, p in problems])
        self._files: OrderedDict = OrderedDict()

    def _validate(self, file: str, n: int, size: int, problems: list):
        try:
            actual = os.path.getsize(file)
        except FileNotFoundError:
            problems.append((file, "missing: the manifest names it but it is not there"))
            return None
        except OSError as e:
            problems.append((file, f"cannot read it: {e.strerror or e}"))
            return None
        if actual != size:
            problems.append((file, f"is {actual} bytes long, but the manifest recorded {size}: it was truncated or replaced"))
            return None
        try:
            header = read_header(file)
        except SafetensorsError as e:
            problems.append((file, str(e).replace(f"{file}: ", "")))
            return None
        except OSError as e:
            problems.append((file, f"cannot read it: {e.strerror or e}"))
            return None
        S, L = self._S, self._L
        expected = {"images": ("U8", [n, S, S, 3]), "tokens": ("I32", [n, L]), "lengths": ("I32", [n]), "words": ("I32", [n, L]),
                    "image_keys": ("I32", [n]), "lines": ("I32", [n])}
        begins = {}
        for name, (dtype, shape) in expected.items():
            entry = header.get(name)
            if entry is None:
                problems.append((file, f"has no tensor '{name}'"))
            elif entry[0] != dtype or entry[1] != shape:
                problems.append((file, f"tensor '{name}' is {entry[0]} [{', '.join(map(str, entry[1]))}], but the manifest implies {dtype} [{', '.join(map(str, shape))}]"))
            else:
                begins[name] = entry[2]
        return begins if len(begins) == len(expected) else None

    def example(self, index: int) -> Example:
        shard, row = self._locate(index)
        file, _, t = self._shards[shard]
        S, L = self._S, self._L
        length = self._int32s(shard, t["lengths"] + row * 4, 1)[0]
        if not 0 <= length <= L:
            raise PackError([("VLM6308", f"{file}: example {row} has {length} tokens, outside [0, {L}]", _REPACK)])
        return Example(
            self._read(shard, t["images"] + row * S * S * 3, S * S * 3),
            self._int32s(shard, t["tokens"] + row * L * 4, length),
            self._int32s(shard, t["words"] + row * L * 4, length),
            self._int32s(shard, t["image_keys"] + row * 4, 1)[0],
        )

    def image_key(self, index: int) -> int:
        shard, row = self._locate(index)
        return self._int32s(shard, self._shards[shard][2]["image_keys"] + row * 4, 1)[0]

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        self._files.clear()

    def _locate(self, index: int) -> tuple:
        if not 0 <= index < self.size:
            raise IndexError(f"example {index} is outside the pack's {self.size} (internal error)")
        shard = bisect.bisect_right(self._firsts, index) - 1
        return shard, index - self._shards[shard][1]

    def _int32s(self, shard: int, at: int, count: int) -> list:
        data = self._read(shard, at, count * 4)
        return [int.from_bytes(data[i : i + 4], "little", signed=True) for i in range(0, len(data), 4)]

    def _read(self, shard: int, at: int, size: int) -> bytes:
        file = self._shards[shard][0]
        try:
            f = self._files.pop(shard, None)
            if f is None:
                if len(self._files) >= _OPEN_FILES:
                    self._files.popitem(last=False)[1].close()
                f = open(file, "rb")
            self._files[shard] = f
            f.seek(at)
            data = f.read(size)
        except OSError as e:
            raise PackError([("VLM6308", f"{file}: cannot read it: {e.strerror or e}", _REPACK)]) from None
        if len(data) != size:
            raise PackError([("VLM6308", f"{file}: ended early: it was truncated after the pack was opened", _REPACK)])
        return data
