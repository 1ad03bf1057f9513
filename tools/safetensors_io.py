"""Reading and writing safetensors files with nothing but the standard library and torch.

The PyTorch reference scripts of the parity tests save their weights for vlmc and read vlmc's
outputs back; the `safetensors` package is not installed on the test machines (and there is no
PyPI), so this is the format by hand: an 8-byte little-endian header length, a JSON header
{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the
little-endian, row-major data. Files written here are byte-for-byte what vlmc writes for the same
tensors: names sorted, the header padded with spaces to an 8-byte boundary.

    tensors, metadata = load("weights.safetensors")
    save({"w": torch.zeros(2, 3)}, "out.safetensors", {"note": "hello"})
"""

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

if sys.byteorder != "little":
    raise RuntimeError("safetensors_io assumes a little-endian machine")


def load(path):
    """Returns ({name: tensor}, {metadata key: value}); raises ValueError on a malformed file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors header")
    (n,) = struct.unpack("<Q", data[:8])
    if n > _MAX_HEADER or 8 + n > len(data):
        raise ValueError(f"{path}: header length {n} does not fit a file of {len(data)} bytes")
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    body = memoryview(data)[8 + n :]
    tensors = {}
    for name, info in header.items():
        dtype = DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name!r} has unsupported dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        shape = list(info["shape"])
        if not 0 <= begin <= end <= len(body):
            raise ValueError(f"{path}: tensor {name!r} has offsets {begin, end} outside the data")
        chunk = bytearray(body[begin:end])
        numel = 1
        for d in shape:
            numel *= d
        itemsize = torch.empty(0, dtype=dtype).element_size()
        if len(chunk) != numel * itemsize:
            raise ValueError(f"{path}: tensor {name!r} has {len(chunk)} bytes for shape {shape}")
        if numel == 0:
            tensors[name] = torch.empty(shape, dtype=dtype)
        else:
            tensors[name] = torch.frombuffer(chunk, dtype=dtype).reshape(shape)
    return tensors, dict(metadata)


def _bytes_of(t):
    t = t.detach().cpu().contiguous()
    if t.dtype not in _NAMES:
        raise ValueError(f"cannot write dtype {t.dtype}")
    if t.numel() == 0:
        return b""
    # View as bytes through an integer type numpy knows (bfloat16 has no numpy dtype).
    return t.reshape(-1).view(torch.uint8).numpy().tobytes()


def save(tensors, path, metadata=None):
    """Writes {name: tensor} and string metadata to `path` atomically (temporary file + rename)."""
    names = sorted(tensors)
    fields = []
    if metadata:
        meta = ",".join(f"{json.dumps(k, ensure_ascii=False)}:{json.dumps(metadata[k], ensure_ascii=False)}" for k in sorted(metadata))
        fields.append(f'"__metadata__":{{{meta}}}')
    blobs = []
    offset = 0
    for name in names:
        t = tensors[name]
        blob = _bytes_of(t)
        entry = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        fields.append(json.dumps(name, ensure_ascii=False) + ":" + json.dumps(entry, separators=(",", ":")))
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
