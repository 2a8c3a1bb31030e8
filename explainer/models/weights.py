"""Weights as safetensors with their config as JSON beside them (`name.safetensors` + `name.json`).

The JSON is also stored in the safetensors metadata, so a lone weights file still rebuilds.
Loading returns tensors and the config dict; each model class rebuilds itself from the config.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file, safe_open


def save_weights(path: str | Path, module: torch.nn.Module, config: dict) -> Path:
    path = Path(path).with_suffix(".safetensors")
    path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in module.state_dict().items()}
    text = json.dumps(config, indent=2, sort_keys=True)
    save_file(tensors, str(path), metadata={"config": text})
    path.with_suffix(".json").write_text(text + "\n")
    return path


def load_weights(path: str | Path) -> tuple[dict[str, torch.Tensor], dict]:
    path = Path(path).with_suffix(".safetensors")
    if not path.exists():
        raise FileNotFoundError(f"no weights at {path}; train them first (see assets/README.md)")
    config_path = path.with_suffix(".json")
    if config_path.exists():
        config = json.loads(config_path.read_text())
    else:
        with safe_open(str(path), framework="pt") as f:
            config = json.loads(f.metadata()["config"])
    return load_file(str(path)), config


def freeze(module: torch.nn.Module) -> torch.nn.Module:
    """Loaded models are shared by every user: eval mode, no gradients."""
    module.eval()
    for p in module.parameters():
        p.requires_grad_(False)
    return module
