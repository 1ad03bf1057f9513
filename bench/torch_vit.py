"""PyTorch CPU reference for the runtime benchmark (bench/runtime.ts): CLIP's ViT-B/16 image
tower in plain torch ops, random weights, timed the same way as the tfjs runs (warm-up, then the
median of several forward passes). Prints one JSON object on stdout.

Run it as the benchmark does: OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3
bench/torch_vit.py --batch 1 8. Without OMP_WAIT_POLICY=PASSIVE torch's and OpenBLAS's thread
pools spin against each other and it runs about 2x slower; the variable must be set before torch
is imported, so it is also defaulted here.
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


class Block(torch.nn.Module):
    """openai/CLIP's ResidualAttentionBlock: pre-LN attention and QuickGELU MLP."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = torch.nn.LayerNorm(width, eps=1e-5)
        self.q = torch.nn.Linear(width, width)
        self.k = torch.nn.Linear(width, width)
        self.v = torch.nn.Linear(width, width)
        self.out = torch.nn.Linear(width, width)
        self.ln_2 = torch.nn.LayerNorm(width, eps=1e-5)
        self.fc1 = torch.nn.Linear(width, 4 * width)
        self.fc2 = torch.nn.Linear(4 * width, width)

    def attention(self, x):
        b, t, d = x.shape
        dh = d // self.heads

        def split(y):
            return y.view(b, t, self.heads, dh).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        probs = torch.softmax((q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(dh)), dim=-1)
        return self.out((probs @ v).transpose(1, 2).reshape(b, t, d))

    def forward(self, x):
        x = x + self.attention(self.ln_1(x))
        h = self.fc1(self.ln_2(x))
        return x + self.fc2(h * torch.sigmoid(1.702 * h))


class VisionTower(torch.nn.Module):
    def __init__(self, size=224, patch=16, width=768, layers=12, heads=12, embed=512):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        tokens = (size // patch) ** 2 + 1
        self.class_embedding = torch.nn.Parameter(torch.randn(width) * 0.02)
        self.positional_embedding = torch.nn.Parameter(torch.randn(tokens, width) * 0.02)
        self.ln_pre = torch.nn.LayerNorm(width, eps=1e-5)
        self.blocks = torch.nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_post = torch.nn.LayerNorm(width, eps=1e-5)
        self.proj = torch.nn.Parameter(torch.randn(width, embed) * 0.02)

    def forward(self, pixels):
        x = self.conv1(pixels).flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = self.ln_pre(torch.cat([cls, x], dim=1) + self.positional_embedding)
        for blk in self.blocks:
            x = blk(x)
        return self.ln_post(x[:, 0, :]) @ self.proj


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    torch.manual_seed(0)
    model = VisionTower().eval()
    results = {}
    with torch.inference_mode():
        for b in args.batch:
            pixels = torch.randn(b, 3, 224, 224)
            for _ in range(args.warmup):
                model(pixels)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                model(pixels)
                times.append((time.perf_counter() - start) * 1000)
            results[str(b)] = {"median_ms": statistics.median(times), "times_ms": times}
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "batches": results,
            }
        )
    )


if __name__ == "__main__":
    main()
