"""Torch references of the elementwise family (compiler/ir/ops/elementwise.ts) for ref_ops.py:
arithmetic, comparisons and logic, activations, casts, clamps, reductions, softmax and the
normalisations, each as plain torch; dropout and drop_path given vlmc's draws.
"""
from ref_common import DTYPES, F, quick_gelu, registry, torch

OPS, op = registry()


def elementwise(name, fn):
    OPS[name] = lambda ins, attrs: fn(*ins)


for _name, _fn in {
    "add": torch.add,
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "pow": torch.pow,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "eq": torch.eq,
    "ne": torch.ne,
    "lt": torch.lt,
    "le": torch.le,
    "gt": torch.gt,
    "ge": torch.ge,
    "logical_and": torch.logical_and,
    "logical_or": torch.logical_or,
    "neg": torch.neg,
    "logical_not": torch.logical_not,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "tanh": torch.tanh,
    "sin": torch.sin,
    "cos": torch.cos,
    "remainder": torch.remainder,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "quick_gelu": quick_gelu,
    "silu": F.silu,
    "stop_gradient": lambda x: x.detach(),
}.items():
    elementwise(_name, _fn)


@op("cast")
def _cast(ins, attrs):
    return ins[0].to(DTYPES[attrs["dtype"]])


@op("clamp")
def _clamp(ins, attrs):
    return torch.clamp(ins[0], min=attrs["min"], max=attrs["max"])


@op("where")
def _where(ins, attrs):
    return torch.where(*ins)


def _reduce(x, attrs, fn):
    axis = attrs.get("axis")
    keep = bool(attrs.get("keepdims"))
    if axis is None:
        out = fn(x.reshape(-1), 0)
        return out.reshape([1] * x.dim()) if keep else out
    return fn(x, axis, keep)


@op("sum")
def _sum(ins, attrs):
    return _reduce(ins[0], attrs, lambda x, a, k=False: x.sum(dim=a, keepdim=k))


@op("mean")
def _mean(ins, attrs):
    return _reduce(ins[0], attrs, lambda x, a, k=False: x.mean(dim=a, keepdim=k))


@op("amax")
def _amax(ins, attrs):
    return _reduce(ins[0], attrs, lambda x, a, k=False: x.amax(dim=a, keepdim=k))


@op("argmax")
def _argmax(ins, attrs):
    return ins[0].argmax(dim=attrs["axis"]).to(torch.int32)


@op("cumsum")
def _cumsum(ins, attrs):
    # torch sums integers as int64; vlmc keeps the input's dtype.
    return torch.cumsum(ins[0], dim=attrs["axis"]).to(ins[0].dtype)


@op("softmax")
def _softmax(ins, attrs):
    return ins[0].softmax(dim=attrs["axis"])


@op("log_softmax")
def _log_softmax(ins, attrs):
    return ins[0].log_softmax(dim=attrs["axis"])


@op("layer_norm")
def _layer_norm(ins, attrs):
    x, w, b = (ins + [None, None])[:3]
    return F.layer_norm(x, x.shape[-1:], w, b, attrs["eps"])


@op("rms_norm")
def _rms_norm(ins, attrs):
    x, w = (ins + [None])[:2]
    y = x * torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + attrs["eps"])
    return y if w is None else y * w


@op("l2_normalize")
def _l2_normalize(ins, attrs):
    return F.normalize(ins[0], p=2, dim=attrs["axis"], eps=attrs["eps"])


@op("dropout", "drop_path")
def _dropout(ins, attrs):
    """Eval: the identity. Training: the kernel's own draws come as a second input `keep`
    (which elements, or which samples, survived), so only the deterministic part is compared:
    x · keep / (1 − p)."""
    if len(ins) == 1 or ins[1] is None:
        return ins[0] * 1.0
    x, keep = ins[0], ins[1]
    return x * keep.to(x.dtype) / (1.0 - attrs["p"])
