"""PyTorch CPU reference for the training benchmark (bench/train.ts): the same two models as the
vlmc side, hand-written in plain torch ops with random weights, trained with torch.optim.AdamW
(weight decay 0.01 on matrices only, as vlmc's default), and timed the same way: warm-up steps,
then the median of several steps, each split into forward, backward and optimiser time.

  clip-tiny  specs/models/clip.vlm, variant tiny: CLIP's pre-LN ViT (ln_pre, QuickGELU, no
             patch bias) and causal text transformer pooled at the EOT token, symmetric InfoNCE
             with a learned, clamped logit scale
  itc-base   bench/specs/itc-base.vlm: timm's ViT-B/16 and BERT-base (post-LN, exact GELU,
             dropout off), [CLS] features projected to 256, the same contrastive loss

Prints one JSON object on stdout. Run it as the benchmark does: OMP_NUM_THREADS=2
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/torch_train.py --model itc-base --batch 8 (without
PASSIVE torch's and OpenBLAS's thread pools spin against each other; the variables are defaulted
here too, before torch is imported).
"""
import argparse
import json
import math
import os
import resource
import statistics
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OMP_NUM_THREADS", "2")

import torch  # noqa: E402  (after the OpenMP settings, which torch reads at import)
import torch.nn.functional as F  # noqa: E402

nn = torch.nn


def quick_gelu(x):
    return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    """Separate q/k/v projections (std/attention.vlm's layout), heads split with views."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.out = (nn.Linear(width, width) for _ in range(4))

    def forward(self, x, mask=None):
        b, t, d = x.shape
        dh = d // self.heads

        def split(y):
            return y.view(b, t, self.heads, dh).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(dh))
        if mask is not None:
            scores = scores.masked_fill(~mask, -1e9)
        return self.out((torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, d))


class MLP(nn.Module):
    def __init__(self, width, act):
        super().__init__()
        self.fc1, self.fc2, self.act = nn.Linear(width, 4 * width), nn.Linear(4 * width, width), act

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class PreLNLayer(nn.Module):
    def __init__(self, width, heads, act, eps):
        super().__init__()
        self.ln_1, self.attn = nn.LayerNorm(width, eps=eps), Attention(width, heads)
        self.ln_2, self.mlp = nn.LayerNorm(width, eps=eps), MLP(width, act)

    def forward(self, x, mask=None):
        x = x + self.attn(self.ln_1(x), mask)
        return x + self.mlp(self.ln_2(x))


class PostLNLayer(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.self_attn, self.self_ln = Attention(width, heads), nn.LayerNorm(width, eps=1e-12)
        self.ffn, self.ffn_ln = MLP(width, F.gelu), nn.LayerNorm(width, eps=1e-12)

    def forward(self, x):
        x = self.self_ln(x + self.self_attn(x))
        return self.ffn_ln(x + self.ffn(x))


class ViT(nn.Module):
    """std/vision.vlm's VisionTransformer: patch conv, class token, positions, pre-LN layers."""

    def __init__(self, size, patch, width, depth, heads, act, eps, patch_bias, pre_norm, post_norm):
        super().__init__()
        self.patch = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=patch_bias)
        self.cls = nn.Parameter(torch.randn(width) * 0.02)
        self.pos = nn.Parameter(torch.randn((size // patch) ** 2 + 1, width) * 0.02)
        self.ln_pre = nn.LayerNorm(width, eps=eps) if pre_norm else None
        self.layers = nn.ModuleList([PreLNLayer(width, heads, act, eps) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=eps) if post_norm else None

    def forward(self, pixels):
        x = self.patch(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], dim=1) + self.pos
        if self.ln_pre is not None:
            x = self.ln_pre(x)
        for layer in self.layers:
            x = layer(x)
        return self.norm(x) if self.norm is not None else x


def contrastive(image, text, scale):
    logits = (F.normalize(image, dim=-1) @ F.normalize(text, dim=-1).t()) * scale
    labels = torch.arange(image.shape[0])
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


class ClipTiny(nn.Module):
    """specs/models/clip.vlm, variant tiny."""

    image_size, context, vocab = 32, 16, 128

    def __init__(self):
        super().__init__()
        self.visual = ViT(32, 8, 64, 2, 4, quick_gelu, 1e-5, patch_bias=False, pre_norm=True, post_norm=False)
        self.ln_post = nn.LayerNorm(64)
        self.proj = nn.Parameter(torch.randn(64, 32) * 0.02)
        self.token_embedding = nn.Embedding(self.vocab, 32)
        self.positional_embedding = nn.Parameter(torch.randn(self.context, 32) * 0.01)
        self.text_layers = nn.ModuleList([PreLNLayer(32, 4, quick_gelu, 1e-5) for _ in range(2)])
        self.ln_final = nn.LayerNorm(32)
        self.text_projection = nn.Parameter(torch.randn(32, 32) * 0.02)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        self.register_buffer("causal", torch.ones(self.context, self.context, dtype=torch.bool).tril())

    def forward(self, image, text):
        image_features = self.ln_post(self.visual(image)[:, 0]) @ self.proj
        x = self.token_embedding(text) + self.positional_embedding[: text.shape[1]]
        for layer in self.text_layers:
            x = layer(x, self.causal)
        x = self.ln_final(x)
        text_features = x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection
        return contrastive(image_features, text_features, self.logit_scale.exp().clamp(max=100.0))


class ItcBase(nn.Module):
    """bench/specs/itc-base.vlm: ViT-B/16 + BERT-base, [CLS] features, contrastive."""

    image_size, context, vocab = 224, 30, 30522

    def __init__(self):
        super().__init__()
        self.vision = ViT(224, 16, 768, 12, 12, F.gelu, 1e-6, patch_bias=True, pre_norm=False, post_norm=True)
        self.word, self.position, self.token_type = nn.Embedding(self.vocab, 768), nn.Embedding(512, 768), nn.Embedding(2, 768)
        self.embed_ln = nn.LayerNorm(768, eps=1e-12)
        self.bert = nn.ModuleList([PostLNLayer(768, 12) for _ in range(12)])
        self.vision_proj, self.text_proj = nn.Linear(768, 256), nn.Linear(768, 256)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def forward(self, image, text):
        image_features = self.vision_proj(self.vision(image)[:, 0])
        t = text.shape[1]
        x = self.word(text) + self.position(torch.arange(t)) + self.token_type(torch.zeros_like(text))
        x = self.embed_ln(x)
        for layer in self.bert:
            x = layer(x)
        text_features = self.text_proj(x[:, 0])
        return contrastive(image_features, text_features, self.logit_scale.exp().clamp(max=100.0))


MODELS = {"clip-tiny": ClipTiny, "itc-base": ItcBase}


def adamw(model, lr):
    """AdamW with decay on matrices only (vlmc's default: no decay on biases, norms, scalars)."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.999), eps=1e-8)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--text-length", type=int, default=None, help="itc-base: tokens per caption (default 30)")
    args = parser.parse_args()

    torch.manual_seed(0)
    model = MODELS[args.model]().train()
    opt = adamw(model, 1e-4)
    image = torch.randn(args.batch, 3, model.image_size, model.image_size)
    length = args.text_length if args.text_length and args.model == "itc-base" else model.context
    text = torch.randint(0, model.vocab, (args.batch, length))
    phases = {"forward": [], "backward": [], "optimizer": []}
    steps = []
    for i in range(args.warmup + args.steps):
        start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = model(image, text)
        forwarded = time.perf_counter()
        loss.backward()
        backwarded = time.perf_counter()
        opt.step()
        end = time.perf_counter()
        if i >= args.warmup:
            steps.append((end - start) * 1000)
            phases["forward"].append((forwarded - start) * 1000)
            phases["backward"].append((backwarded - forwarded) * 1000)
            phases["optimizer"].append((end - backwarded) * 1000)
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "params": sum(p.numel() for p in model.parameters()),
                "loss": float(loss),
                "median_ms": statistics.median(steps),
                "times_ms": steps,
                "phases_ms": {k: statistics.median(v) for k, v in phases.items()},
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
