"""Torch references of the layout family (compiler/ir/ops/layout.ts) for ref_ops.py: reshapes,
transposes, concatenation, slicing, gathering, broadcasting, one-hot and padding masks.
"""
from ref_common import DTYPES, F, registry, torch

OPS, op = registry()


@op("reshape")
def _reshape(ins, attrs):
    return ins[0].reshape(attrs["shape"])


@op("transpose")
def _transpose(ins, attrs):
    return ins[0].transpose(attrs["a"], attrs["b"])


@op("permute")
def _permute(ins, attrs):
    return ins[0].permute(attrs["axes"])


@op("flatten")
def _flatten(ins, attrs):
    return ins[0].flatten(attrs["start"], attrs["end"])


@op("unsqueeze")
def _unsqueeze(ins, attrs):
    return ins[0].unsqueeze(attrs["axis"])


@op("squeeze")
def _squeeze(ins, attrs):
    return ins[0].squeeze(attrs["axis"])


@op("concat")
def _concat(ins, attrs):
    return torch.cat(ins, dim=attrs["axis"])


@op("slice")
def _slice(ins, attrs):
    x = ins[0]
    axis = attrs["axis"] % x.dim()
    size = x.shape[axis]
    start, end = (b + size if b < 0 else b for b in (attrs["start"], attrs["end"]))
    return x.narrow(axis, start, end - start)


@op("select")
def _select(ins, attrs):
    return ins[0].select(attrs["axis"], attrs["index"])


@op("gather")
def _gather(ins, attrs):
    x, index = ins
    axis = attrs["axis"] % x.dim()
    picked = x.index_select(axis, index.reshape(-1).long())
    return picked.reshape(x.shape[:axis] + index.shape + x.shape[axis + 1 :])


@op("take_at")
def _take_at(ins, attrs):
    x, positions = ins
    return x[torch.arange(x.shape[0]), positions.long()]


@op("broadcast_to")
def _broadcast_to(ins, attrs):
    return torch.broadcast_to(ins[0], attrs["shape"])


@op("one_hot")
def _one_hot(ins, attrs):
    return F.one_hot(ins[0].long(), attrs["depth"]).to(DTYPES[attrs["dtype"]])


@op("fill_diagonal")
def _fill_diagonal(ins, attrs):
    x = ins[0]
    m, n = x.shape[-2:]
    diagonal = torch.eye(m, n, dtype=torch.bool)
    return torch.where(diagonal, torch.tensor(attrs["value"], dtype=x.dtype), x)


@op("padding_mask")
def _padding_mask(ins, attrs):
    return (ins[0] != 0).unsqueeze(1)


@op("scatter")
def _scatter(ins, attrs):
    x, index, src = ins
    axis = attrs["axis"] % x.dim()
    # index[P..., K] names whole rows: expand it over the row axes, as torch.scatter wants.
    at = index.long().reshape(index.shape + (1,) * (x.dim() - axis - 1)).expand(src.shape)
    return x.scatter(axis, at, src)


@op("topk_values")
def _topk_values(ins, attrs):
    return torch.topk(ins[0], attrs["k"], dim=-1).values


@op("topk_indices")
def _topk_indices(ins, attrs):
    return torch.topk(ins[0], attrs["k"], dim=-1).indices.to(torch.int32)
