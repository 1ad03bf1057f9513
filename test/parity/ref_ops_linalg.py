"""Torch references of the products (compiler/ir/ops/linalg.ts) for ref_ops.py: linear, matmul,
convolution, embedding, multi-head attention, BEiT's relative position bias and the bicubic
resizing of a position table.
"""
from ref_common import F, attention, registry, torch

OPS, op = registry()


@op("linear")
def _linear(ins, attrs):
    x, w, b = (ins + [None])[:3]
    return F.linear(x, w, b)


@op("matmul")
def _matmul(ins, attrs):
    return torch.matmul(ins[0], ins[1])


@op("conv2d")
def _conv2d(ins, attrs):
    x, w, b = (ins + [None])[:3]
    return F.conv2d(x, w, b, stride=attrs["stride"], padding=attrs["padding"])


@op("embedding")
def _embedding(ins, attrs):
    return F.embedding(ins[0].long(), ins[1])


@op("attention")
def _attention(ins, attrs):
    q, k, v, mask, bias = (ins + [None, None])[:5]
    return attention(q, k, v, attrs["heads"], mask=mask, bias=bias, scale=attrs["scale"])


@op("relative_position_bias")
def _relative_position_bias(ins, attrs):
    """BEiT's relative position bias: pairs of patches index the table by their offset; the
    class token uses three extra rows (class→patch, patch→class, class→class)."""
    table = ins[0]
    h, w = attrs["grid_h"], attrs["grid_w"]
    distances = (2 * h - 1) * (2 * w - 1)
    rows, cols = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
    coords = torch.stack([rows.reshape(-1), cols.reshape(-1)])
    rel = (coords[:, :, None] - coords[:, None, :]).permute(1, 2, 0)
    index_patches = (rel[:, :, 0] + h - 1) * (2 * w - 1) + (rel[:, :, 1] + w - 1)
    n = h * w + 1
    index = torch.zeros(n, n, dtype=torch.long)
    index[1:, 1:] = index_patches
    index[0, 0:] = distances
    index[0:, 0] = distances + 1
    index[0, 0] = distances + 2
    return table[index.reshape(-1)].reshape(n, n, -1).permute(2, 0, 1)


@op("resize_positions")
def _resize_positions(ins, attrs):
    """timm's resample_abs_pos_embed: the grid rows as a [B, D, h, w] image, interpolated
    bicubically (align_corners=False), the class tokens kept in front."""
    table = ins[0]
    h, w, prefix = attrs["grid_h"], attrs["grid_w"], attrs["prefix"]
    lead, (n, d) = table.shape[:-2], table.shape[-2:]
    flat = table.reshape(-1, n, d)
    grid = flat[:, prefix:].reshape(-1, h, w, d).permute(0, 3, 1, 2)
    resized = F.interpolate(grid, size=(attrs["to_h"], attrs["to_w"]), mode="bicubic", align_corners=False)
    patches = resized.permute(0, 2, 3, 1).reshape(flat.shape[0], -1, d)
    out = torch.cat([flat[:, :prefix], patches], dim=1)
    return out.reshape(*lead, out.shape[1], d)
