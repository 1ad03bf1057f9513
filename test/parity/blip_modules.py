"""The modules of a reference BLIP, written in torch with the module names of salesforce/BLIP
(`models/vit.py`, `models/med.py`, `models/blip_pretrain.py`), so that their state_dict has
the repository's layout: a timm-style ViT with fused qkv, a BERT text encoder with
cross-attention, a BERT LM decoder whose modules other than self-attention are the encoder's,
an LM head tied to the word embeddings, momentum copies and [embed, K] feature queues. Used by
blip_tiny.py.
"""
import math

from ref_common import F, attention, bert_additive_mask, torch

nn = torch.nn


class BertConfig:
    """The fields of med_config.json that the modules read, at BLIP tiny's sizes."""

    def __init__(self, vocab_size, hidden_size, num_layers, num_heads, intermediate_size, encoder_width, max_positions=512):
        self.vocab_size, self.hidden_size, self.num_hidden_layers = vocab_size, hidden_size, num_layers
        self.num_attention_heads, self.intermediate_size = num_heads, intermediate_size
        self.encoder_width, self.max_position_embeddings, self.layer_norm_eps = encoder_width, max_positions, 1e-12


# ---- vision (models/vit.py)


class PatchEmbed(nn.Module):
    def __init__(self, patch, width):
        super().__init__()
        self.proj = nn.Conv2d(3, width, kernel_size=patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class ViTAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.num_heads = heads
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.num_heads, c // self.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * (c // self.num_heads) ** -0.5).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = ViTAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, dim * 4)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, image, patch, width, depth, heads):
        super().__init__()
        self.patch_embed = PatchEmbed(patch, width)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, width))
        self.pos_embed = nn.Parameter(torch.zeros(1, (image // patch) ** 2 + 1, width))
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=1e-6)

    def forward(self, x):
        x = self.patch_embed(x)
        x = torch.cat((self.cls_token.expand(x.shape[0], -1, -1), x), dim=1)
        x = x + self.pos_embed[:, : x.size(1), :]
        for block in self.blocks:
            x = block(x)
        return self.norm(x)


# ---- text (models/med.py)


class BertEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=0)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.register_buffer("position_ids", torch.arange(config.max_position_embeddings).expand((1, -1)))

    def forward(self, input_ids):
        positions = self.position_ids[:, : input_ids.shape[1]]
        return self.LayerNorm(self.word_embeddings(input_ids) + self.position_embeddings(positions))


class BertSelfAttention(nn.Module):
    def __init__(self, config, is_cross_attention):
        super().__init__()
        self.num_attention_heads = config.num_attention_heads
        kv_width = config.encoder_width if is_cross_attention else config.hidden_size
        self.query = nn.Linear(config.hidden_size, config.hidden_size)
        self.key = nn.Linear(kv_width, config.hidden_size)
        self.value = nn.Linear(kv_width, config.hidden_size)

    def forward(self, hidden, additive_mask=None, encoder_hidden=None):
        source = hidden if encoder_hidden is None else encoder_hidden
        return attention(self.query(hidden), self.key(source), self.value(source), self.num_attention_heads, bias=additive_mask)


class BertSelfOutput(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dense(hidden) + residual)


class BertAttention(nn.Module):
    def __init__(self, config, is_cross_attention=False):
        super().__init__()
        self.self = BertSelfAttention(config, is_cross_attention)
        self.output = BertSelfOutput(config)

    def forward(self, hidden, additive_mask=None, encoder_hidden=None):
        return self.output(self.self(hidden, additive_mask, encoder_hidden), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)

    def forward(self, hidden):
        return F.gelu(self.dense(hidden))


class BertOutput(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.intermediate_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dense(hidden) + residual)


class BertLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.attention = BertAttention(config)
        self.crossattention = BertAttention(config, is_cross_attention=True)
        self.intermediate = BertIntermediate(config)
        self.output = BertOutput(config)

    def forward(self, hidden, additive_mask, encoder_hidden, mode):
        x = self.attention(hidden, additive_mask)
        if mode == "multimodal":
            # BLIP's image attention mask is all ones: its additive form is zero.
            x = self.crossattention(x, None, encoder_hidden)
        return self.output(self.intermediate(x), x)


class BertEncoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(config) for _ in range(config.num_hidden_layers)])

    def forward(self, hidden, additive_mask, encoder_hidden, mode):
        for layer in self.layer:
            hidden = layer(hidden, additive_mask, encoder_hidden, mode)
        return hidden


class BertModel(nn.Module):
    """BertModel(add_pooling_layer=False): `mode` "text" skips cross-attention, "multimodal" uses it."""

    def __init__(self, config):
        super().__init__()
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)

    def forward(self, input_ids, attention_mask, encoder_hidden_states=None, mode="multimodal", is_decoder=False):
        b, n = input_ids.shape
        if is_decoder:
            seq = torch.arange(n)
            causal = (seq[None, None, :].repeat(b, n, 1) <= seq[None, :, None]).to(attention_mask.dtype)
            keep = causal[:, None, :, :] * attention_mask[:, None, None, :]
        else:
            keep = attention_mask[:, None, None, :]
        return self.encoder(self.embeddings(input_ids), bert_additive_mask(keep), encoder_hidden_states, mode)


class BertPredictionHeadTransform(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden):
        return self.LayerNorm(F.gelu(self.dense(hidden)))


class BertLMPredictionHead(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.transform = BertPredictionHeadTransform(config)
        self.decoder = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        self.bias = nn.Parameter(torch.zeros(config.vocab_size))
        self.decoder.bias = self.bias

    def forward(self, hidden):
        return self.decoder(self.transform(hidden))


class BertOnlyMLMHead(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.predictions = BertLMPredictionHead(config)


class BertLMHeadModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.bert = BertModel(config)
        self.cls = BertOnlyMLMHead(config)
        self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight

    def forward(self, input_ids, attention_mask, encoder_hidden_states, labels, label_smoothing):
        hidden = self.bert(input_ids, attention_mask, encoder_hidden_states, mode="multimodal", is_decoder=True)
        scores = self.cls.predictions(hidden)
        shifted = scores[:, :-1, :].contiguous()
        loss = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
        return loss(shifted.view(-1, scores.shape[-1]), labels[:, 1:].contiguous().view(-1))


def tie_decoder_to_encoder(decoder_bert, encoder):
    """BLIP's tie_encoder_decoder_weights(text_decoder.bert, text_encoder, '', '/attention'):
    every module of the decoder except its self-attention (`attention`, output LayerNorm
    included) becomes the encoder's."""
    decoder_bert.embeddings = encoder.embeddings
    for dec, enc in zip(decoder_bert.encoder.layer, encoder.encoder.layer):
        dec.crossattention = enc.crossattention
        dec.intermediate = enc.intermediate
        dec.output = enc.output


def randomise(module, generator):
    """Every parameter random at a scale that keeps activations of order one: LayerNorm scales
    near 1, biases and embeddings small, matrices ~ N(0, 1/fan_in)."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.dim() == 1 and "norm" in name.lower() and name.endswith("weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=generator))
            elif p.dim() <= 1:
                p.copy_(0.1 * torch.randn(p.shape, generator=generator))
            elif "embeddings." in name or name.endswith(("cls_token", "pos_embed")):
                p.copy_(0.5 * torch.randn(p.shape, generator=generator))
            else:
                p.copy_(torch.randn(p.shape, generator=generator) / math.sqrt(p[0].numel()))
