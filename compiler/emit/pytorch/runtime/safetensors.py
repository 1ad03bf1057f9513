"""The safetensors format with nothing but the standard library and torch (no `safetensors` package).

Layout: an 8-byte little-endian header length, a JSON header
{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the
little-endian, row-major data. Written as vlmc writes it (runtime/weights/safetensors-bytes.ts):
tensors sorted by name, metadata keys sorted, the header padded with spaces to 8 bytes — so the
same tensors give the same bytes on both sides. Writing is atomic (temporary file, fsync,
os.replace): a process killed while writing leaves the previous file whole.
"""
from __future__ import annotations

import json
import os
import struct
import sys
import tempfile

import torch

DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
_NAMES = {v: k for k, v in DTYPES.items()}
_MAX_HEADER = 100_000_000


class SafetensorsError(ValueError):
    """A file that is not a well-formed safetensors file, with the reason."""


def _check_endian() -> None:
    if sys.byteorder != "little":
        raise RuntimeError("the safetensors reader and writer assume a little-endian machine")


def read(path: str) -> tuple:
    """({name: tensor}, {metadata key: value}) of a file; SafetensorsError when it is malformed."""
    _check_endian()
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise SafetensorsError(f"{path}: {len(data)} bytes, too short for a safetensors header")
    (n,) = struct.unpack("<Q", data[:8])
    if n > _MAX_HEADER or 8 + n > len(data):
        raise SafetensorsError(f"{path}: a header of {n} bytes does not fit a file of {len(data)} bytes")
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"{path}: the header is not JSON ({e})") from None
    metadata = header.pop("__metadata__", None) or {}
    body = memoryview(data)[8 + n :]
    tensors = {}
    for name, info in header.items():
        dtype = DTYPES.get(info.get("dtype"))
        if dtype is None:
            raise SafetensorsError(f"{path}: tensor '{name}' has a dtype this reader does not know: {info.get('dtype')}")
        begin, end = info["data_offsets"]
        shape = [int(d) for d in info["shape"]]
        numel = 1
        for d in shape:
            numel *= d
        size = numel * torch.empty(0, dtype=dtype).element_size()
        if not 0 <= begin <= end <= len(body) or end - begin != size:
            raise SafetensorsError(f"{path}: tensor '{name}' has offsets [{begin}, {end}] for {size} bytes of data")
        if numel == 0:
            tensors[name] = torch.empty(shape, dtype=dtype)
        else:
            tensors[name] = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype).reshape(shape)
    return tensors, dict(metadata)


def read_header(path: str) -> dict:
    """
    {name: (dtype name, shape, absolute begin, absolute end)} of a file, reading only its header:
    for files read row by row at their offsets (data packs, pack.py). OSError when the file cannot
    be read, SafetensorsError when the header is malformed or points outside the file.
    """
    _check_endian()
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        first = f.read(8)
        if len(first) < 8:
            raise SafetensorsError(f"{path}: {size} bytes, too short for a safetensors header")
        (n,) = struct.unpack("<Q", first)
        if n > _MAX_HEADER or 8 + n > size:
            raise SafetensorsError(f"{path}: a header of {n} bytes does not fit a file of {size} bytes")
        text = f.read(n)
    try:
        header = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"{path}: the header is not JSON ({e})") from None
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        try:
            begin, end = (int(v) for v in info["data_offsets"])
            shape = [int(d) for d in info["shape"]]
            dtype = str(info["dtype"])
        except (KeyError, TypeError, ValueError):
            raise SafetensorsError(f"{path}: tensor '{name}' has a malformed header entry") from None
        if not 0 <= begin <= end <= size - 8 - n:
            raise SafetensorsError(f"{path}: tensor '{name}' has offsets [{begin}, {end}] outside the file")
        out[name] = (dtype, shape, 8 + n + begin, 8 + n + end)
    return out


def _bytes(t: torch.Tensor) -> bytes:
    t = t.detach().cpu().contiguous()
    if t.dtype not in _NAMES:
        raise ValueError(f"cannot write a tensor of dtype {t.dtype}")
    if t.numel() == 0:
        return b""
    # Through uint8: bfloat16 has no numpy dtype.
    return t.reshape(-1).view(torch.uint8).numpy().tobytes()


def write(path: str, tensors: dict, metadata: dict = None) -> None:
    """Writes {name: tensor} and string metadata to `path` atomically."""
    _check_endian()
    fields = []
    if metadata:
        meta = ",".join(f"{json.dumps(k, ensure_ascii=False)}:{json.dumps(metadata[k], ensure_ascii=False)}" for k in sorted(metadata))
        fields.append(f'"__metadata__":{{{meta}}}')
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        blob = _bytes(t)
        shape = ",".join(str(d) for d in t.shape)
        fields.append(f'{json.dumps(name, ensure_ascii=False)}:{{"dtype":"{_NAMES[t.dtype]}","shape":[{shape}],"data_offsets":[{offset},{offset + len(blob)}]}}')
        blobs.append(blob)
        offset += len(blob)
    header = ("{" + ",".join(fields) + "}").encode("utf-8")
    header += b" " * (-len(header) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(header)))
            f.write(header)
            for blob in blobs:
                f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
