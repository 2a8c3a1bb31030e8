"""Where models run: CUDA when present, else the CPU; `RNN_EXPLAINER_DEVICE=cpu|cuda` overrides.

On Hugging Face ZeroGPU a GPU exists only inside functions decorated with `spaces.GPU`; `gpu`
applies that decorator when the `spaces` package is importable and is a pass-through otherwise.
Whatever runs where, traces come back detached on the CPU (see explainer.traces).
"""
from __future__ import annotations

import os
from functools import lru_cache

import torch

ENV_VAR = "RNN_EXPLAINER_DEVICE"


@lru_cache(maxsize=None)
def choose_device() -> torch.device:
    wanted = os.environ.get(ENV_VAR, "").strip().lower()
    if wanted:
        if wanted.startswith("cuda") and not torch.cuda.is_available():
            raise RuntimeError(f"{ENV_VAR}={wanted} but CUDA is not available here; "
                               f"unset it or set it to 'cpu'")
        return torch.device(wanted)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def describe(device: torch.device) -> str:
    """A label for the UI: 'CPU' or 'GPU (NVIDIA H100 80GB HBM3)'."""
    if device.type == "cuda":
        return f"GPU ({torch.cuda.get_device_name(device)})"
    return device.type.upper()


try:  # ZeroGPU on Spaces; absent everywhere else
    import spaces as _spaces
except ImportError:
    _spaces = None


def gpu(fn):
    """Decorate a handler that runs a model: spaces.GPU on ZeroGPU, unchanged elsewhere."""
    return _spaces.GPU(fn) if _spaces is not None else fn
