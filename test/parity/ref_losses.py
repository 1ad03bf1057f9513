"""Torch reference for the pretraining losses (test/parity/specs/losses.vlm), each written the
way its original code base computes it: CLIP's symmetric InfoNCE (open_clip ClipLoss), ALBEF's
and BLIP's ITC with momentum distillation and queues, BLIP's ITM over positives and hard
negatives, BERT's masked LM (labels −100 off the mask), ALBEF's distilled MLM, BLIP's captioning
loss with label smoothing, BEiT's masked image modelling over the masked patches, and ViLT's
word-patch alignment (optimal transport).

Run through ref_specs.py, with the layers' reference (ref_layers.py).
"""
from ref_common import F, load_params, torch
from ref_ipot import optimal_transport_distance

nn = torch.nn
ALPHA, SMOOTHING, PAD = 0.4, 0.1, 0


class LMHead(nn.Module):
    """BERT's prediction head: dense, GELU, LayerNorm, decoder."""

    def __init__(self, width, vocab):
        super().__init__()
        self.dense = nn.Linear(width, width)
        self.ln = nn.LayerNorm(width, eps=1e-12)
        self.decoder = nn.Linear(width, vocab)

    def forward(self, x):
        return self.decoder(self.ln(F.gelu(self.dense(x))))


class Losses(nn.Module):
    def __init__(self, width=16, vocab=24, visual_vocab=20):
        super().__init__()
        self.logit_scale = nn.Parameter(torch.zeros([]))
        self.temp = nn.Parameter(torch.zeros([]))
        self.itm_head = nn.Linear(2 * width, 2)
        self.lm_head = LMHead(width, vocab)
        self.mim_head = nn.Linear(width, visual_vocab)

    def itc(self, image_emb, text_emb):
        image = F.normalize(image_emb, dim=-1)
        text = F.normalize(text_emb, dim=-1)
        logits_per_image = self.logit_scale.exp().clamp(max=100) * image @ text.t()
        labels = torch.arange(image.shape[0])
        return (F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_image.t(), labels)) / 2

    def itc_distilled(self, image_emb, text_emb, image_emb_m, text_emb_m, image_queue, text_queue):
        temp = self.temp.clamp(0.001, 0.5)
        image_feat = F.normalize(image_emb, dim=-1)
        text_feat = F.normalize(text_emb, dim=-1)
        with torch.no_grad():
            image_feat_m = F.normalize(image_emb_m, dim=-1)
            text_feat_m = F.normalize(text_emb_m, dim=-1)
            # The queues are [K, D] here (vlmc's layout); BLIP keeps them as [D, K].
            image_feat_all = torch.cat([image_feat_m.t(), image_queue.t()], dim=1)
            text_feat_all = torch.cat([text_feat_m.t(), text_queue.t()], dim=1)
            sim_targets = torch.zeros(image_feat_m.shape[0], image_feat_all.shape[1])
            sim_targets.fill_diagonal_(1)
            sim_i2t_targets = ALPHA * F.softmax(image_feat_m @ text_feat_all / temp, dim=1) + (1 - ALPHA) * sim_targets
            sim_t2i_targets = ALPHA * F.softmax(text_feat_m @ image_feat_all / temp, dim=1) + (1 - ALPHA) * sim_targets
        sim_i2t = image_feat @ text_feat_all / temp
        sim_t2i = text_feat @ image_feat_all / temp
        loss_i2t = -torch.sum(F.log_softmax(sim_i2t, dim=1) * sim_i2t_targets, dim=1).mean()
        loss_t2i = -torch.sum(F.log_softmax(sim_t2i, dim=1) * sim_t2i_targets, dim=1).mean()
        return (loss_i2t + loss_t2i) / 2

    @staticmethod
    def pairs(text_states, image_states, negatives):
        """BLIP's ITM layout: positives, (text, negative image), (negative text, image)."""
        text_cls, image_cls = text_states[:, 0], image_states[:, 0]
        negatives = negatives.long()
        return torch.cat(
            [
                torch.cat([text_cls, image_cls], dim=1),
                torch.cat([text_cls, image_cls[negatives]], dim=1),
                torch.cat([text_cls[negatives], image_cls], dim=1),
            ],
            dim=0,
        )

    def itm(self, text_states, image_states, negatives):
        logits = self.itm_head(self.pairs(text_states, image_states, negatives))
        b = text_states.shape[0]
        labels = torch.cat([torch.ones(b, dtype=torch.long), torch.zeros(2 * b, dtype=torch.long)])
        return F.cross_entropy(logits, labels)

    def mlm(self, text_states, ids, mlm_mask):
        labels = ids.long().masked_fill(~mlm_mask, -100)
        logits = self.lm_head(text_states)
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), labels.view(-1))

    def mlm_distilled(self, text_states, teacher_states, ids, mlm_mask, alpha_t):
        labels = ids.long().masked_fill(~mlm_mask, -100)
        logits = self.lm_head(text_states)
        with torch.no_grad():
            soft_labels = F.softmax(self.lm_head(teacher_states), dim=-1)
        hard = F.cross_entropy(logits.view(-1, logits.shape[-1]), labels.view(-1))
        distill = -torch.sum(F.log_softmax(logits, dim=-1) * soft_labels, dim=-1)
        distill = distill[labels != -100].mean()
        return (1 - alpha_t) * hard + alpha_t * distill

    def lm(self, text_states, ids):
        logits = self.lm_head(text_states)
        targets = ids.long().masked_fill(ids == PAD, -100)
        shifted = logits[:, :-1, :].contiguous()
        loss = torch.nn.CrossEntropyLoss(label_smoothing=SMOOTHING)
        return loss(shifted.view(-1, logits.shape[-1]), targets[:, 1:].contiguous().view(-1))

    def mim(self, image_states, visual_tokens, mim_mask):
        return F.cross_entropy(self.mim_head(image_states[mim_mask]), visual_tokens[mim_mask].long())

    def wpa(self, text_states, image_states, valid, image_valid, matched):
        txt_mask = valid.bool().clone()
        for i, length in enumerate(txt_mask.sum(dim=1)):
            txt_mask[i, length - 1] = False
        txt_mask[:, 0] = False
        img_mask = image_valid.bool().clone()
        img_mask[:, 0] = False
        distance = optimal_transport_distance(text_states, image_states, ~txt_mask, ~img_mask)
        pos = distance.masked_select(matched == 1)
        neg = distance.masked_select(matched == 0)
        return (pos.sum() - neg.sum()) / (pos.shape[0] + neg.shape[0])

    def forward(self, x):
        return {
            "itc": self.itc(x["image_emb"], x["text_emb"]),
            "itc_distilled": self.itc_distilled(x["image_emb"], x["text_emb"], x["image_emb_m"], x["text_emb_m"], x["image_queue"], x["text_queue"]),
            "itm": self.itm(x["text_states"], x["image_states"], x["negatives"]),
            "mlm": self.mlm(x["text_states"], x["ids"], x["mlm_mask"]),
            "mlm_distilled": self.mlm_distilled(x["text_states"], x["teacher_states"], x["ids"], x["mlm_mask"], x["alpha_t"]),
            "lm": self.lm(x["text_states"], x["ids"]),
            "mim": self.mim(x["image_states"], x["visual_tokens"], x["mim_mask"]),
            "wpa": self.wpa(x["text_states"], x["image_states"], x["valid"], x["image_valid"], x["matched"]),
            "text_cls": x["text_states"][:, 0],
            "image_cls": x["image_states"][:, 0],
            "pairs": self.pairs(x["text_states"], x["image_states"], x["negatives"]),
        }


def build(params):
    module = load_params(Losses(), params)
    return module, module


BUILDERS = {"losses": build}
