"""A reference CLIP written in torch with openai/CLIP's module names (`clip/model.py`) and the
configuration of specs/models/clip.vlm's `tiny` variant, for the whole-model parity test
(test/parity/clip.test.ts).

Usage: clip_tiny.py OUT_DIR

Writes, with random weights (every tensor random, LayerNorms included, so a misplaced tensor
cannot go unnoticed):
  clip_openai.safetensors     the state_dict under openai/CLIP's names, with the extra
                              `input_resolution`, `context_length`, `vocab_size` entries of its
                              JIT checkpoints
  clip_open_clip.safetensors  the same weights in open_clip's CustomTextCLIP layout (the text
                              tower under `text.`), as `convert_to_custom_text_state_dict` makes it
  clip_open_clip_plain.safetensors  and in open_clip's CLIP layout (openai's names, no extras)
  inputs.safetensors          image f32[B, 3, 32, 32], text i32[B, 16] (EOT = the highest id)
  reference.safetensors       image_features, text_features (encode_image / encode_text) and
                              itc, the symmetric InfoNCE of open_clip's ClipLoss
"""
import math
import os
import sys
from collections import OrderedDict

from ref_common import F, quick_gelu, torch, write_tensors

nn = torch.nn

EMBED, IMAGE, PATCH, VISION_WIDTH, VISION_LAYERS, VISION_HEADS = 32, 32, 8, 64, 2, 4
CONTEXT, VOCAB, TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS = 16, 128, 32, 2, 4
BATCH = 3


class QuickGELU(nn.Module):
    def forward(self, x):
        return quick_gelu(x)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, d_model, n_head, attn_mask=None):
        super().__init__()
        self.attn = nn.MultiheadAttention(d_model, n_head)
        self.ln_1 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(d_model, d_model * 4)), ("gelu", QuickGELU()), ("c_proj", nn.Linear(d_model * 4, d_model))]))
        self.ln_2 = nn.LayerNorm(d_model)
        self.attn_mask = attn_mask

    def forward(self, x):
        x = x + self.attn(self.ln_1(x), self.ln_1(x), self.ln_1(x), need_weights=False, attn_mask=self.attn_mask)[0]
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, attn_mask=None):
        super().__init__()
        self.resblocks = nn.Sequential(*[ResidualAttentionBlock(width, heads, attn_mask) for _ in range(layers)])

    def forward(self, x):
        return self.resblocks(x)


class VisionTransformer(nn.Module):
    def __init__(self, input_resolution, patch_size, width, layers, heads, output_dim):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch_size, stride=patch_size, bias=False)
        self.class_embedding = nn.Parameter(torch.zeros(width))
        self.positional_embedding = nn.Parameter(torch.zeros((input_resolution // patch_size) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width)
        self.transformer = Transformer(width, layers, heads)
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(torch.zeros(width, output_dim))

    def forward(self, x):
        x = self.conv1(x)
        x = x.reshape(x.shape[0], x.shape[1], -1).permute(0, 2, 1)
        x = torch.cat([self.class_embedding + torch.zeros(x.shape[0], 1, x.shape[-1]), x], dim=1)
        x = self.ln_pre(x + self.positional_embedding)
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        return self.ln_post(x[:, 0, :]) @ self.proj


class CLIP(nn.Module):
    def __init__(self):
        super().__init__()
        self.visual = VisionTransformer(IMAGE, PATCH, VISION_WIDTH, VISION_LAYERS, VISION_HEADS, EMBED)
        causal = torch.empty(CONTEXT, CONTEXT).fill_(float("-inf")).triu_(1)
        self.transformer = Transformer(TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS, attn_mask=causal)
        self.token_embedding = nn.Embedding(VOCAB, TEXT_WIDTH)
        self.positional_embedding = nn.Parameter(torch.zeros(CONTEXT, TEXT_WIDTH))
        self.ln_final = nn.LayerNorm(TEXT_WIDTH)
        self.text_projection = nn.Parameter(torch.zeros(TEXT_WIDTH, EMBED))
        self.logit_scale = nn.Parameter(torch.ones([]) * math.log(1 / 0.07))

    def encode_image(self, image):
        return self.visual(image)

    def encode_text(self, text):
        x = self.token_embedding(text) + self.positional_embedding
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection

    def forward(self, image, text):
        image_features = F.normalize(self.encode_image(image), dim=-1)
        text_features = F.normalize(self.encode_text(text), dim=-1)
        logits_per_image = self.logit_scale.exp() * image_features @ text_features.t()
        return logits_per_image, logits_per_image.t()


def randomise(model, generator):
    """Every tensor random at a scale that keeps activations of order one."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name == "logit_scale":
                p.fill_(math.log(1 / 0.07) + 0.25)
            elif p.dim() == 1 and (".ln_" in name or name.startswith("ln_") or "ln_final" in name) and name.endswith("weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=generator))
            elif p.dim() == 1:
                p.copy_(0.1 * torch.randn(p.shape, generator=generator))
            elif name.endswith("proj") or name == "text_projection":
                p.copy_(torch.randn(p.shape, generator=generator) / math.sqrt(p.shape[0]))
            elif "embedding" in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=generator))
            else:
                p.copy_(torch.randn(p.shape, generator=generator) / math.sqrt(p[0].numel()))


def inputs(generator):
    image = torch.randn(BATCH, 3, IMAGE, IMAGE, generator=generator)
    text = torch.zeros(BATCH, CONTEXT, dtype=torch.long)
    for b, length in enumerate([5, 11, CONTEXT]):
        text[b, :length] = torch.randint(1, VOCAB - 1, (length,), generator=generator)
        text[b, length - 1] = VOCAB - 1  # the end-of-text token: the highest id of the row
    return image, text


def open_clip_layout(state_dict):
    """open_clip's CustomTextCLIP keeps the text tower under `text.`."""
    text_parts = ("text_projection", "positional_embedding", "token_embedding", "transformer", "ln_final")
    return {("text." + k if k.startswith(text_parts) else k): v for k, v in state_dict.items()}


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: clip_tiny.py OUT_DIR")
    out = sys.argv[1]
    generator = torch.Generator().manual_seed(2021)
    model = CLIP()
    randomise(model, generator)
    model.eval()
    image, text = inputs(generator)
    with torch.no_grad():
        image_features = model.encode_image(image)
        text_features = model.encode_text(text)
        logits_per_image, logits_per_text = model(image, text)
        labels = torch.arange(BATCH)
        itc = (F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_text, labels)) / 2
    state = dict(model.state_dict())
    jit_extras = {"input_resolution": torch.tensor(IMAGE), "context_length": torch.tensor(CONTEXT), "vocab_size": torch.tensor(VOCAB)}
    write_tensors(os.path.join(out, "clip_openai.safetensors"), {**state, **jit_extras}, narrow_int64=False)
    write_tensors(os.path.join(out, "clip_open_clip.safetensors"), open_clip_layout(state), narrow_int64=False)
    write_tensors(os.path.join(out, "clip_open_clip_plain.safetensors"), state, narrow_int64=False)
    write_tensors(os.path.join(out, "inputs.safetensors"), {"image": image, "text": text})
    write_tensors(os.path.join(out, "reference.safetensors"), {"image_features": image_features, "text_features": text_features, "itc": itc})


if __name__ == "__main__":
    main()
