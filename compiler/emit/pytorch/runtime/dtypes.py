"""IR dtypes as safetensors element types, and (from opcall.py, the one table) as torch dtypes.

Floats compute in float32 as vlmc's tfjs runtime does; integers are int64 in torch whatever the
IR says (opcall.py says why), bool is torch.bool. Files store
each tensor as the IR declares it (runtime/weights/dtypes.ts storageOf), so an i32 queue pointer
is written as I32 and reads back into int64.
"""
from __future__ import annotations

from .opcall import torch_dtype  # noqa: F401 - re-exported for the model-level files

# runtime/weights/dtypes.ts storageOf: the type a tensor of each IR dtype is written as.
_STORAGE = {"f32": "F32", "f16": "F16", "bf16": "BF16", "i32": "I32", "i64": "I64", "bool": "BOOL"}

_FLOATS = ("F64", "F32", "F16", "BF16")
_INTEGERS = ("I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8")


def storage_of(dtype: str) -> str:
    return _STORAGE[dtype]


def loads_into(stored: str, dtype: str) -> bool:
    """Whether a tensor stored as `stored` may be read into an IR value of `dtype` (dtypes.ts loadsInto)."""
    if dtype == "bool":
        return stored in ("BOOL", "U8")
    if dtype in ("i32", "i64"):
        return stored in _INTEGERS
    return stored in _FLOATS
