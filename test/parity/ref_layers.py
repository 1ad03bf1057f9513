"""Torch reference for the attention and transformer-layer specs (test/parity/specs/attention.vlm,
layers.vlm, rotary.vlm and modern.vlm), as torch modules written by hand with the specs'
parameter names.

Run through ref_specs.py, with the losses' reference (ref_losses.py).

Masks are written two ways, as the original models write them: GPT/CLIP-style boolean masks
filled with −inf before the softmax, and BERT's additive mask (−10000 at padding).
"""
from ref_common import F, attention, bert_additive_mask, causal, load_params, quick_gelu, torch

nn = torch.nn


class Attention(nn.Module):
    """std/attention.vlm's Attention: separate q/k/v projections, then `out`."""

    def __init__(self, width, heads, kv_width=None):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(width, width)
        self.k = nn.Linear(kv_width or width, width)
        self.v = nn.Linear(kv_width or width, width)
        self.out = nn.Linear(width, width)

    def forward(self, x, ctx=None, mask=None, bias=None):
        source = x if ctx is None else ctx
        return self.out(attention(self.q(x), self.k(source), self.v(source), self.heads, mask=mask, bias=bias))


class MLP(nn.Module):
    def __init__(self, width, hidden, act):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)
        self.act = act

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class AttentionMasks(nn.Module):
    WIDTH, HEADS, CTX_WIDTH, PREFIX = 16, 4, 12, 2

    def __init__(self):
        super().__init__()
        self.attn = Attention(self.WIDTH, self.HEADS)
        self.cross = Attention(self.WIDTH, self.HEADS, kv_width=self.CTX_WIDTH)

    def block(self, n):
        """A bidirectional prefix that every token sees; causal among the rest."""
        mask = torch.zeros(n, n, dtype=torch.bool)
        mask[:, : self.PREFIX] = True
        mask[self.PREFIX :, self.PREFIX :] = causal(n - self.PREFIX)
        return mask

    def forward(self, x, ctx, valid, ctx_valid, bias):
        n = x.shape[1]
        padding = (valid != 0)[:, None, :]
        return {
            "unmasked": self.attn(x),
            "causal": self.attn(x, mask=causal(n)),
            "padding": self.attn(x, mask=padding),
            "composed": self.attn(x, mask=causal(n) & padding),
            "blocked": self.attn(x, mask=self.block(n)),
            "biased": self.attn(x, mask=causal(n), bias=bias),
            "cross_padded": self.cross(x, ctx=ctx, mask=(ctx_valid != 0)[:, None, :]),
        }


class PreLNLayer(nn.Module):
    """CLIP's ResidualAttentionBlock: x + attn(ln_1(x)), x + mlp(ln_2(x))."""

    def __init__(self, width, heads, hidden):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=1e-5)
        self.attn = Attention(width, heads)
        self.ln_2 = nn.LayerNorm(width, eps=1e-5)
        self.mlp = MLP(width, hidden, quick_gelu)

    def forward(self, x, mask):
        x = x + self.attn(self.ln_1(x), mask=mask)
        return x + self.mlp(self.ln_2(x))


class PostLNLayer(nn.Module):
    """BERT's layer with cross-attention (ALBEF/BLIP): LayerNorm after each residual sum, and
    BERT's additive padding mask on the self-attention."""

    def __init__(self, width, heads, hidden, cross_width):
        super().__init__()
        self.self_attn = Attention(width, heads)
        self.self_ln = nn.LayerNorm(width, eps=1e-12)
        self.cross_attn = Attention(width, heads, kv_width=cross_width)
        self.cross_ln = nn.LayerNorm(width, eps=1e-12)
        self.ffn = MLP(width, hidden, F.gelu)
        self.ffn_ln = nn.LayerNorm(width, eps=1e-12)

    def forward(self, x, valid, ctx):
        x = self.self_ln(x + self.self_attn(x, bias=bert_additive_mask(valid)[:, None, None, :]))
        x = self.cross_ln(x + self.cross_attn(x, ctx=ctx))
        return self.ffn_ln(x + self.ffn(x))


class Layers(nn.Module):
    def __init__(self):
        super().__init__()
        self.pre = PreLNLayer(16, 4, 40)
        self.post = PostLNLayer(16, 4, 40, 12)

    def forward(self, x, image, valid):
        return {"pre_ln": self.pre(x, causal(x.shape[1])), "post_ln": self.post(x, valid, image)}


def rotate_half(x):
    """GPT-NeoX's and LLaMA's rotate_half (Hugging Face transformers): (x1, x2) → (−x2, x1)."""
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


def rotary(x, head_dim, base):
    """LLaMA's rotary embedding and apply_rotary_pos_emb on x[B, T, heads·head_dim]."""
    b, t, width = x.shape
    inv_freq = 1.0 / (base ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    freqs = torch.outer(torch.arange(t, dtype=torch.float32), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[None, :, None, :], emb.sin()[None, :, None, :]
    heads = x.reshape(b, t, width // head_dim, head_dim)
    return (heads * cos + rotate_half(heads) * sin).reshape(b, t, width)


class RotaryParity(nn.Module):
    def forward(self, q):
        return {"rotated": rotary(q, 8, 10000.0), "rotated_long": rotary(q, 8, 500000.0)}


class RMSNorm(nn.Module):
    """LLaMA's RMSNorm (torch 1.13 has none): x · rsqrt(mean(x²) + eps) · weight."""

    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class SwiGLU(nn.Module):
    """LLaMA's FeedForward: w2(silu(w1 x) · w3 x), bias-free."""

    def __init__(self, width, hidden):
        super().__init__()
        self.w1 = nn.Linear(width, hidden, bias=False)
        self.w2 = nn.Linear(hidden, width, bias=False)
        self.w3 = nn.Linear(width, hidden, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class InnerAttention(nn.Module):
    """Attention projecting width → heads·head_dim → width, each projection's bias optional."""

    def __init__(self, width, heads, head_dim, q_bias=True, k_bias=True, v_bias=True, out_bias=True):
        super().__init__()
        self.heads = heads
        inner = heads * head_dim
        self.q = nn.Linear(width, inner, bias=q_bias)
        self.k = nn.Linear(width, inner, bias=k_bias)
        self.v = nn.Linear(width, inner, bias=v_bias)
        self.out = nn.Linear(inner, width, bias=out_bias)

    def forward(self, x, mask=None):
        return self.out(attention(self.q(x), self.k(x), self.v(x), self.heads, mask=mask))


class LLaMALayer(nn.Module):
    """LLaMA's TransformerBlock without rotary: RMSNorm pre-norms, bias-free attention, SwiGLU."""

    def __init__(self, width, heads, head_dim, hidden):
        super().__init__()
        self.ln_1 = RMSNorm(width, 1e-6)
        self.attn = InnerAttention(width, heads, head_dim, False, False, False, False)
        self.ln_2 = RMSNorm(width, 1e-6)
        self.mlp = SwiGLU(width, hidden)

    def forward(self, x, mask):
        x = x + self.attn(self.ln_1(x), mask=mask)
        return x + self.mlp(self.ln_2(x))


class Modern(nn.Module):
    WIDTH, HEADS, HEAD_DIM, HIDDEN = 20, 4, 6, 36

    def __init__(self):
        super().__init__()
        self.norm = RMSNorm(self.WIDTH, 1e-6)
        self.swiglu = SwiGLU(self.WIDTH, self.HIDDEN)
        self.attn = InnerAttention(self.WIDTH, self.HEADS, self.HEAD_DIM, k_bias=False)
        self.layer = LLaMALayer(self.WIDTH, self.HEADS, self.HEAD_DIM, self.HIDDEN)

    def forward(self, x):
        n = x.shape[1]
        return {
            "rms": self.norm(x),
            "gated": self.swiglu(x),
            "narrow_attention": self.attn(x, mask=causal(n)),
            "llama_layer": self.layer(x, causal(n)),
        }


def build(cls):
    def builder(params):
        module = load_params(cls(), params)
        return module, lambda inputs: module(**inputs)

    return builder


BUILDERS = {"attention": build(AttentionMasks), "layers": build(Layers), "rotary": build(RotaryParity), "modern": build(Modern)}
