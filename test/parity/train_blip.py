"""The torch reference of BLIP tiny's training-parity tests (test/parity/train-blip.test.ts,
train-shared.test.ts): the BLIP_Pretrain of blip_tiny.py (salesforce/BLIP's modules and names)
trained as `models/blip_pretrain.py` trains it. Each forward clamps the temperature in place,
runs `_momentum_update` (momentum copies ← m·copy + (1 − m)·source over BLIP's four model
pairs), computes ITC, ITM and LM, then `_dequeue_and_enqueue` writes the momentum features at
the queue pointer; torch.optim steps the encoder, decoder, heads and temperature (the momentum
copies do not require grad). ITM's hard negatives are the ones vlmc drew at that step.

The momentum is 0.5 rather than BLIP's 0.995, so that the momentum copies visibly move in ten
steps; the test compiles blip.vlm with the same override.

BLIP updates the momentum copies at the start of a forward, vlmc after each optimiser step: the
same sequence of values, shifted. So vlmc starts from the weights as BLIP holds them once its
first `_momentum_update` has run (DIR/vlmc_start.safetensors), and the reference's final
weights are taken after the update BLIP would run at the start of the next step.

Usage:
  train_blip.py init DIR         random weights in BLIP's layout (DIR/blip.safetensors) and
                                 vlmc's starting point (DIR/vlmc_start.safetensors)
  train_blip.py train DIR RUN…   for each RUN, trains from DIR/blip.safetensors as DIR/RUN.json
                                 says (train_common.py) and writes DIR/RUN.reference.safetensors
                                 and the final weights, DIR/RUN.final.safetensors
"""
import os

from blip_tiny import BLIP_Pretrain, random_model
from ref_common import read_tensors, torch, write_tensors
from train_common import main, read_run, train

MOMENTUM = 0.5


def model_pairs(model):
    return [
        (model.visual_encoder, model.visual_encoder_m),
        (model.vision_proj, model.vision_proj_m),
        (model.text_encoder, model.text_encoder_m),
        (model.text_proj, model.text_proj_m),
    ]


@torch.no_grad()
def momentum_update(model):
    for online, momentum in model_pairs(model):
        for param, param_m in zip(online.parameters(), momentum.parameters()):
            param_m.data = param_m.data * MOMENTUM + param.data * (1.0 - MOMENTUM)


@torch.no_grad()
def dequeue_and_enqueue(model, image_feat, text_feat):
    batch_size = image_feat.shape[0]
    queue_size = model.image_queue.shape[1]
    ptr = int(model.queue_ptr)
    assert queue_size % batch_size == 0  # as BLIP's, for simplicity
    model.image_queue[:, ptr : ptr + batch_size] = image_feat.T
    model.text_queue[:, ptr : ptr + batch_size] = text_feat.T
    model.queue_ptr[0] = (ptr + batch_size) % queue_size


def load_model(folder):
    model = BLIP_Pretrain()
    weights, _ = read_tensors(os.path.join(folder, "blip.safetensors"))
    model.load_state_dict(weights, strict=True)
    for _, momentum in model_pairs(model):
        for p in momentum.parameters():
            p.requires_grad = False
    return model


def init(folder):
    model = random_model(torch.Generator().manual_seed(2032))
    write_tensors(os.path.join(folder, "blip.safetensors"), model.state_dict(), narrow_int64=False)
    momentum_update(model)
    write_tensors(os.path.join(folder, "vlmc_start.safetensors"), model.state_dict(), narrow_int64=False)


def train_runs(folder, runs):
    for run in runs:
        model = load_model(folder)
        config, batches = read_run(folder, run)

        def losses_of(batch, step, micro):
            with torch.no_grad():
                model.temp.clamp_(0.001, 0.5)
            momentum_update(model)
            out = model(batch["image"], batch["text"].long(), batch["text_valid"].long(), batch["neg_image_idx"], batch["neg_text_idx"])
            dequeue_and_enqueue(model, out["image_feat_m"], out["text_feat_m"])
            return {name: out[name] for name in ("itc", "itm", "lm")}

        train(model, config, batches, losses_of, os.path.join(folder, f"{run}.reference.safetensors"))
        momentum_update(model)
        write_tensors(os.path.join(folder, f"{run}.final.safetensors"), model.state_dict(), narrow_int64=False)


if __name__ == "__main__":
    main("train_blip.py", init, train_runs)
