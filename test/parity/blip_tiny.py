"""A reference BLIP tiny in torch with salesforce/BLIP's module names (blip_modules.py) and the
configuration of specs/models/blip.vlm's `tiny` variant, for the whole-model parity test
(test/parity/blip.test.ts). Its forward pass is BLIP_Pretrain.forward of
`models/blip_pretrain.py`: ITC with momentum distillation against the queues, ITM over the
positives and one hard negative image per text and one hard negative text per image, and the
captioning LM with label smoothing 0.1.

Usage:
  blip_tiny.py init DIR     random weights in BLIP's layout (DIR/blip.safetensors: momentum
                            copies, [embed, K] queues, queue_ptr, position_ids, the tied tensors
                            under every name) and inputs (DIR/inputs.safetensors)
  blip_tiny.py losses DIR   loads DIR/blip.safetensors strictly, takes the hard negatives vlmc
                            sampled (DIR/negatives.safetensors: neg_image_idx, neg_text_idx) and
                            writes the embeddings and the three losses (DIR/reference.safetensors)

Two departures from BLIP_Pretrain.forward, both about time, not arithmetic: the momentum
update and the enqueue that BLIP runs inside forward are left out, because a checkpoint (and
vlmc) holds the state between steps, and the losses are computed from the stored momentum
copies and queues; the negatives are vlmc's draws, since torch's RNG cannot reproduce them.
"""
import os
import sys

from blip_modules import BertConfig, BertLMHeadModel, BertModel, VisionTransformer, randomise, tie_decoder_to_encoder
from ref_common import F, read_tensors, torch, write_tensors

nn = torch.nn

IMAGE, PATCH, VISION_WIDTH, VISION_LAYERS, VISION_HEADS = 32, 8, 32, 2, 2
WIDTH, LAYERS, HEADS, HIDDEN, VOCAB, EMBED, QUEUE = 32, 2, 2, 64, 128, 16, 64
DEC_TOKEN, ENC_TOKEN, PAD_TOKEN, CLS_TOKEN = 126, 127, 0, 2
ALPHA, LABEL_SMOOTHING = 0.4, 0.1
BATCH, TEXT_LEN, LENGTHS = 3, 8, [8, 5, 3]


class BLIP_Pretrain(nn.Module):
    def __init__(self):
        super().__init__()
        config = BertConfig(VOCAB, WIDTH, LAYERS, HEADS, HIDDEN, encoder_width=VISION_WIDTH)
        self.visual_encoder = VisionTransformer(IMAGE, PATCH, VISION_WIDTH, VISION_LAYERS, VISION_HEADS)
        self.text_encoder = BertModel(config)
        self.vision_proj = nn.Linear(VISION_WIDTH, EMBED)
        self.text_proj = nn.Linear(WIDTH, EMBED)
        self.itm_head = nn.Linear(WIDTH, 2)
        self.visual_encoder_m = VisionTransformer(IMAGE, PATCH, VISION_WIDTH, VISION_LAYERS, VISION_HEADS)
        self.vision_proj_m = nn.Linear(VISION_WIDTH, EMBED)
        self.text_encoder_m = BertModel(config)
        self.text_proj_m = nn.Linear(WIDTH, EMBED)
        self.register_buffer("image_queue", F.normalize(torch.randn(EMBED, QUEUE), dim=0))
        self.register_buffer("text_queue", F.normalize(torch.randn(EMBED, QUEUE), dim=0))
        self.register_buffer("queue_ptr", torch.zeros(1, dtype=torch.long))
        self.temp = nn.Parameter(0.07 * torch.ones([]))
        self.text_decoder = BertLMHeadModel(config)
        tie_decoder_to_encoder(self.text_decoder.bert, self.text_encoder)
        # blip.vlm ties the LM head to the (shared) word embeddings: re-point it at them, since
        # the tie above replaced the decoder's own embedding module.
        self.text_decoder.cls.predictions.decoder.weight = self.text_encoder.embeddings.word_embeddings.weight

    def forward(self, image, text, text_valid, neg_image_idx, neg_text_idx):
        bs = image.shape[0]
        image_embeds = self.visual_encoder(image)
        image_feat = F.normalize(self.vision_proj(image_embeds[:, 0, :]), dim=-1)
        text_output = self.text_encoder(text, text_valid, mode="text")
        text_feat = F.normalize(self.text_proj(text_output[:, 0, :]), dim=-1)
        with torch.no_grad():
            image_feat_m = F.normalize(self.vision_proj_m(self.visual_encoder_m(image)[:, 0, :]), dim=-1)
            image_feat_all = torch.cat([image_feat_m.t(), self.image_queue.clone().detach()], dim=1)
            text_feat_m = F.normalize(self.text_proj_m(self.text_encoder_m(text, text_valid, mode="text")[:, 0, :]), dim=-1)
            text_feat_all = torch.cat([text_feat_m.t(), self.text_queue.clone().detach()], dim=1)
            sim_targets = torch.zeros(bs, bs + self.image_queue.shape[1])
            sim_targets.fill_diagonal_(1)
            sim_i2t_targets = ALPHA * F.softmax(image_feat_m @ text_feat_all / self.temp, dim=1) + (1 - ALPHA) * sim_targets
            sim_t2i_targets = ALPHA * F.softmax(text_feat_m @ image_feat_all / self.temp, dim=1) + (1 - ALPHA) * sim_targets
        sim_i2t = image_feat @ text_feat_all / self.temp
        sim_t2i = text_feat @ image_feat_all / self.temp
        loss_i2t = -torch.sum(F.log_softmax(sim_i2t, dim=1) * sim_i2t_targets, dim=1).mean()
        loss_t2i = -torch.sum(F.log_softmax(sim_t2i, dim=1) * sim_t2i_targets, dim=1).mean()
        loss_ita = (loss_i2t + loss_t2i) / 2

        encoder_input_ids = text.clone()
        encoder_input_ids[:, 0] = ENC_TOKEN
        output_pos = self.text_encoder(encoder_input_ids, text_valid, image_embeds)
        image_embeds_neg = image_embeds[neg_image_idx.long()]
        text_ids_neg = encoder_input_ids[neg_text_idx.long()]
        text_atts_neg = text_valid[neg_text_idx.long()]
        text_ids_all = torch.cat([encoder_input_ids, text_ids_neg], dim=0)
        text_atts_all = torch.cat([text_valid, text_atts_neg], dim=0)
        image_embeds_all = torch.cat([image_embeds_neg, image_embeds], dim=0)
        output_neg = self.text_encoder(text_ids_all, text_atts_all, image_embeds_all)
        vl_embeddings = torch.cat([output_pos[:, 0, :], output_neg[:, 0, :]], dim=0)
        itm_labels = torch.cat([torch.ones(bs, dtype=torch.long), torch.zeros(2 * bs, dtype=torch.long)])
        loss_itm = F.cross_entropy(self.itm_head(vl_embeddings), itm_labels)

        decoder_input_ids = text.clone()
        decoder_input_ids[:, 0] = DEC_TOKEN
        decoder_targets = decoder_input_ids.masked_fill(decoder_input_ids == PAD_TOKEN, -100)
        loss_lm = self.text_decoder(decoder_input_ids, text_valid, image_embeds, decoder_targets, LABEL_SMOOTHING)
        return {
            "image_embeds": image_embeds,
            "image_feat": image_feat,
            "text_feat": text_feat,
            "image_feat_m": image_feat_m,
            "text_feat_m": text_feat_m,
            "fused": torch.cat([output_pos, output_neg], dim=0),
            "itc": loss_ita,
            "itm": loss_itm,
            "lm": loss_lm,
        }


def inputs(generator):
    image = torch.randn(BATCH, 3, IMAGE, IMAGE, generator=generator)
    text = torch.zeros(BATCH, TEXT_LEN, dtype=torch.long)
    valid = torch.zeros(BATCH, TEXT_LEN, dtype=torch.long)
    for b, length in enumerate(LENGTHS):
        text[b, :length] = torch.randint(3, DEC_TOKEN, (length,), generator=generator)
        text[b, 0] = CLS_TOKEN
        valid[b, :length] = 1
    return {"image": image, "text": text, "text_valid": valid}


def random_model(generator):
    """Every tensor random, the momentum copies apart from their sources, so that a tensor
    loaded into the wrong place changes the results."""
    model = BLIP_Pretrain()
    randomise(model, generator)
    with torch.no_grad():
        model.temp.fill_(0.07)
        model.image_queue.copy_(F.normalize(torch.randn(EMBED, QUEUE, generator=generator), dim=0))
        model.text_queue.copy_(F.normalize(torch.randn(EMBED, QUEUE, generator=generator), dim=0))
    return model


def init(folder):
    generator = torch.Generator().manual_seed(2022)
    model = random_model(generator)
    write_tensors(os.path.join(folder, "blip.safetensors"), model.state_dict(), narrow_int64=False)
    write_tensors(os.path.join(folder, "inputs.safetensors"), inputs(generator))


def losses(folder):
    model = BLIP_Pretrain()
    weights, _ = read_tensors(os.path.join(folder, "blip.safetensors"))
    model.load_state_dict(weights, strict=True)
    model.eval()
    x, _ = read_tensors(os.path.join(folder, "inputs.safetensors"))
    negatives, _ = read_tensors(os.path.join(folder, "negatives.safetensors"))
    with torch.no_grad():
        out = model(x["image"], x["text"].long(), x["text_valid"].long(), negatives["neg_image_idx"], negatives["neg_text_idx"])
    write_tensors(os.path.join(folder, "reference.safetensors"), out)


if __name__ == "__main__":
    commands = {"init": init, "losses": losses}
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        raise SystemExit("usage: blip_tiny.py init|losses DIR")
    commands[sys.argv[1]](sys.argv[2])
