"""Torch references of the losses and state ops (compiler/ir/ops/objectives.ts) and of the
deterministic sources (compiler/ir/ops/sources.ts) for ref_ops.py.
"""
from ref_common import DTYPES, F, causal, registry, torch
from ref_ipot import optimal_transport_distance

OPS, op = registry()


def _reduced(per_item, attrs):
    reduction = attrs["reduction"]
    return per_item if reduction == "none" else per_item.sum() if reduction == "sum" else per_item.mean()


@op("cross_entropy")
def _cross_entropy(ins, attrs):
    logits, labels = ins
    classes = logits.shape[-1]
    per_item = F.cross_entropy(
        logits.reshape(-1, classes),
        labels.reshape(-1).long(),
        ignore_index=attrs["ignore_index"],
        label_smoothing=attrs["label_smoothing"],
        reduction="none" if attrs["reduction"] == "none" else attrs["reduction"],
    )
    return per_item.reshape(labels.shape) if attrs["reduction"] == "none" else per_item


@op("soft_cross_entropy")
def _soft_cross_entropy(ins, attrs):
    logits, targets = ins
    return _reduced(-(targets * logits.log_softmax(dim=-1)).sum(dim=-1), attrs)


@op("bce_with_logits")
def _bce_with_logits(ins, attrs):
    return F.binary_cross_entropy_with_logits(ins[0], ins[1], reduction=attrs["reduction"])


@op("mse")
def _mse(ins, attrs):
    return F.mse_loss(ins[0], ins[1], reduction=attrs["reduction"])


@op("optimal_transport")
def _optimal_transport(ins, attrs):
    x, y, x_valid, y_valid = (ins + [None, None])[:4]
    x_pad = torch.zeros(x.shape[:2], dtype=torch.bool) if x_valid is None else x_valid == 0
    y_pad = torch.zeros(y.shape[:2], dtype=torch.bool) if y_valid is None else y_valid == 0
    return optimal_transport_distance(x, y, x_pad, y_pad, attrs["beta"], attrs["iterations"], attrs["inner_steps"])


@op("enqueue")
def _enqueue(ins, attrs):
    """Reads see the queue as it was before the step; the write happens after it."""
    return ins[0] * 1


@op("constant")
def _constant(ins, attrs):
    return torch.tensor(attrs["value"], dtype=DTYPES[attrs["dtype"]])


@op("full")
def _full(ins, attrs):
    return torch.full(attrs["shape"], attrs["value"], dtype=DTYPES[attrs["dtype"]])


@op("dim_value")
def _dim_value(ins, attrs):
    return torch.tensor(attrs["dim"], dtype=DTYPES[attrs["dtype"]])


@op("arange")
def _arange(ins, attrs):
    return torch.arange(attrs["n"], dtype=torch.int32)


@op("causal_mask")
def _causal_mask(ins, attrs):
    return causal(attrs["n"])


@op("block_mask")
def _block_mask(ins, attrs):
    sizes = attrs["sizes"]
    rows = []
    for i, row in enumerate(attrs["pattern"]):
        cells = []
        for j, kind in enumerate(row):
            shape = (sizes[i], sizes[j])
            if kind == "full":
                cells.append(torch.ones(shape, dtype=torch.bool))
            elif kind == "none":
                cells.append(torch.zeros(shape, dtype=torch.bool))
            else:
                cells.append(causal(sizes[i]))
        rows.append(torch.cat(cells, dim=1))
    return torch.cat(rows, dim=0)
