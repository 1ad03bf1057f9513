"""Torch reference of the spec-level parity tests (test/parity/layers.test.ts): attention under
every mask kind and the transformer layers (ref_layers.py), and the pretraining losses
(ref_losses.py), in one process so that torch is imported once.

Usage: ref_specs.py IN.safetensors OUT.safetensors (see ref_common.run_models).
"""
from ref_common import run_models
from ref_layers import BUILDERS as LAYERS
from ref_losses import BUILDERS as LOSSES

if __name__ == "__main__":
    run_models({**LAYERS, **LOSSES})
