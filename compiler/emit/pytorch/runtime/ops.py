"""One function per op of vlmc's registry (compiler/ir/ops.ts, less the sources `input`, `param`
and `buffer`), as generated models call them: tensor inputs positional (optional ones default to
None; a number or bool becomes a scalar constant by the elaborator's rule), attributes
keyword-only with the registry's defaults, dims as ints, dtypes as "f32"/"i32"/"bool". Each
computes what the tfjs kernel of the same name computes (runtime/kernels/<family>/<op>.ts) and
takes the key the compiler gives its node, so that random ops draw what the tfjs runtime draws.
test/pytorch/ops.test.ts checks every op against its kernel.
"""
from __future__ import annotations

from .ops_elementwise import (
    abs,
    add,
    cast,
    clamp,
    cos,
    div,
    eq,
    exp,
    ge,
    gelu,
    gelu_tanh,
    gt,
    le,
    log,
    logical_and,
    logical_not,
    logical_or,
    lt,
    maximum,
    minimum,
    mul,
    ne,
    neg,
    pow,
    quick_gelu,
    relu,
    remainder,
    sigmoid,
    silu,
    sin,
    sqrt,
    sub,
    tanh,
    where,
)
from .ops_layout import (
    broadcast_to,
    concat,
    fill_diagonal,
    flatten,
    gather,
    one_hot,
    padding_mask,
    permute,
    reshape,
    scatter,
    select,
    slice,
    squeeze,
    take_at,
    topk_indices,
    topk_values,
    transpose,
    unsqueeze,
)
from .ops_linalg import attention, conv2d, embedding, linear, matmul, relative_position_bias, resize_positions
from .ops_losses import bce_with_logits, cross_entropy, enqueue, mse, optimal_transport, soft_cross_entropy
from .ops_reductions import (
    amax,
    argmax,
    cumsum,
    l2_normalize,
    layer_norm,
    log_softmax,
    mean,
    rms_norm,
    softmax,
    stop_gradient,
    sum,
)
from .ops_sampling import bernoulli_mask, budget_mask, drop_path, dropout, mask_tokens, multinomial, patch_block_mask
from .ops_sources import arange, block_mask, causal_mask, constant, dim_value, full

__all__ = [
    "abs", "add", "amax", "arange", "argmax", "attention", "bce_with_logits", "bernoulli_mask", "block_mask",
    "broadcast_to", "budget_mask", "cast", "causal_mask", "clamp", "concat", "constant", "conv2d", "cos",
    "cross_entropy", "cumsum", "dim_value", "div", "drop_path", "dropout", "embedding", "enqueue", "eq", "exp",
    "fill_diagonal", "flatten", "full", "gather", "ge", "gelu", "gelu_tanh", "gt", "l2_normalize", "layer_norm",
    "le", "linear", "log", "log_softmax", "logical_and", "logical_not", "logical_or", "lt", "mask_tokens",
    "matmul", "maximum", "mean", "minimum", "mse", "mul", "multinomial", "ne", "neg", "one_hot",
    "optimal_transport", "padding_mask", "patch_block_mask", "permute", "pow", "quick_gelu",
    "relative_position_bias", "relu", "remainder", "reshape", "resize_positions", "rms_norm", "scatter",
    "select", "sigmoid", "silu", "sin", "slice", "soft_cross_entropy", "softmax", "sqrt", "squeeze",
    "stop_gradient", "sub", "sum", "take_at", "tanh", "topk_indices", "topk_values", "transpose", "unsqueeze",
    "where",
]  # fmt: skip
