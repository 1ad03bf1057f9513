"""A small model written by hand as `vlmc compile --target pytorch` writes models, over vlmc's torch
runtime, beside the spec it translates (TINY_SPEC in model-runtime.test.ts): two Linear blocks
whose weights are shared, a momentum copy of one, a feature queue the step writes into, dropout
(a random op: the run's keys matter), a contrastive objective over the global batch, and a stage.
The test copies it into a package as `tinypkg/model.py` beside `tinypkg/runtime/`.
"""
from __future__ import annotations

from torch import Tensor

from . import runtime as rt
from .runtime import ops


def contrastive(image: Tensor, text: Tensor, scale: Tensor) -> Tensor:
    """Symmetric InfoNCE over a batch of paired embeddings (std/objectives.vlm `contrastive`)."""
    with rt.fn_call("contrastive"):
        B = image.shape[0]
        logits = ops.mul(ops.matmul(ops.l2_normalize(image), ops.transpose(ops.l2_normalize(text))), scale)
        labels = ops.arange(n=B)
        return ops.div(ops.add(ops.cross_entropy(logits, labels), ops.cross_entropy(ops.transpose(logits), labels)), 2.0)


class Linear(rt.Module):
    def __init__(self, in_dim: int, out_dim: int, has_bias: bool = True, init_std: float = 0.02):
        super().__init__()
        self.weight = self.param("f32", [out_dim, in_dim], rt.init("trunc_normal", std=init_std))
        self.bias = self.param("f32", [out_dim], rt.init("zeros")) if has_bias else None
        self.has_bias = has_bias

    def forward(self, x: Tensor) -> Tensor:
        with self.call(""):
            return ops.linear(x, self.weight, self.bias if self.has_bias else None)


class Tiny(rt.Model):
    presets = {"nodrop": {"drop": 0.0}}

    def __init__(self, dim: int = 8, size: int = 6, drop: float = 0.25, *, seed: int = 0, variant: str | None = None):
        super().__init__()
        self.a = Linear(12, dim)
        self.b = Linear(12, dim)
        self.head = Linear(dim, 3)
        self.a_m = rt.momentum(self.a, 0.9)
        rt.queue(self, "keys", size, dim)
        self.scale = self.param("f32", [], rt.init("constant", value=10.0))
        rt.share(self, "b.weight", "a.weight")
        self.drop = drop
        self.objectives = {"ce": 1.0, "align": 0.5, "itc": 0.25}
        self.stages = {"head_only": {"objectives": ["ce"], "frozen": ["a.**", "b.**"]}}
        self.frozen_params = []
        self.sources = {}
        self.input_specs = {"x": {"dtype": "f32", "shape": [12]}, "y": {"dtype": "i32", "shape": [], "below": 3}}
        self.finish("Tiny", variant, seed)

    def forward(self, inputs: dict):
        x, y = inputs["x"], inputs["y"]
        h = ops.add(ops.gelu(self.a(x)), self.b(x))
        k = ops.stop_gradient(ops.l2_normalize(self.a_m(x)))
        sim = ops.matmul(ops.l2_normalize(h), ops.transpose(self.keys))
        ce = ops.cross_entropy(self.head(ops.dropout(h, p=self.drop)), y)
        align = ops.mean(sim)
        itc = contrastive(rt.gather_batch(h), rt.gather_batch(k), self.scale)
        rt.enqueue(self.keys, k)
        return {"h": h, "k": k, "sim": sim}, {"ce": ce, "align": align, "itc": itc}
