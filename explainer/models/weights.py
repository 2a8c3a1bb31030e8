"""Weights as safetensors with their config as JSON beside them (`name.safetensors` + `name.json`).

The JSON is also stored in the safetensors metadata, so a lone weights file still rebuilds.
`Saved` is the one save/load of the shipped models: each rebuilds itself from the config the
JSON holds under "model", next to whatever its training run added (scores, the command).
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, ClassVar, Self

import torch
from safetensors.torch import load_file, save_file, safe_open

from ..paths import ASSETS

CONFIG_KEY = "model"
# where assets written before there was one key keep their config (the taggers', translators')
OLD_CONFIG_KEYS = ("tagger", "translator")


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


def model_config(saved: dict) -> dict:
    """The model's config out of a saved JSON: under "model", or an older asset's own key."""
    for key in (CONFIG_KEY, *OLD_CONFIG_KEYS):
        if key in saved:
            return saved[key]
    raise KeyError(f"no model config in the saved JSON (keys: {sorted(saved)})")


def freeze(module: torch.nn.Module) -> torch.nn.Module:
    """Loaded models are shared by every user: eval mode, no gradients."""
    module.eval()
    for p in module.parameters():
        p.requires_grad_(False)
    return module


class Saved:
    """Save and load for an nn.Module built from a `config` dataclass (and a vocabulary).

    Files: <directory>/<prefix><name>.safetensors and .json, plus .vocab.json when the model has
    a vocabulary (`self.vocab`, of `vocab_type`). `load` rebuilds the model from the config and
    returns it frozen: load it once and share it read-only.
    """

    prefix: ClassVar[str] = ""                 # "pos-": pos-slide.safetensors, ...
    default_name: ClassVar[str | None] = None  # what `load()` loads when given no name
    config_type: ClassVar[type]
    vocab_type: ClassVar[type | None] = None
    config: Any

    @property
    def asset_name(self) -> str:
        """The name `load` takes to read this model back."""
        return self.config.name

    def saved_fields(self) -> dict:
        """What else the JSON keeps beside the config, which `rebuild` reads back."""
        return {}

    @classmethod
    def config_from(cls, fields: dict):
        return cls.config_type(**fields)

    @classmethod
    def rebuild(cls, config, saved: dict, vocab) -> Self:
        """The untrained model the weights load into; `saved` is the whole JSON."""
        return cls(config) if vocab is None else cls(config, vocab)

    def save(self, directory: str | Path = ASSETS, extra: dict | None = None) -> Path:
        stem = Path(directory) / f"{self.prefix}{self.asset_name}"
        if self.vocab_type is not None:
            stem.parent.mkdir(parents=True, exist_ok=True)
            self.vocab.save(stem.with_suffix(".vocab.json"))
        return save_weights(stem, self, {CONFIG_KEY: dataclasses.asdict(self.config),
                                         **self.saved_fields(), **(extra or {})})

    @classmethod
    def load(cls, name: str | None = None, directory: str | Path = ASSETS) -> Self:
        """An eval-mode, frozen model rebuilt from its config (and vocabulary) and weights."""
        name = name or cls.default_name
        if name is None:
            raise TypeError(f"{cls.__name__}.load needs the name of a saved model")
        stem = Path(directory) / f"{cls.prefix}{name}"
        state, saved = load_weights(stem)
        vocab = (cls.vocab_type.load(stem.with_suffix(".vocab.json"))
                 if cls.vocab_type is not None else None)
        model = cls.rebuild(cls.config_from(model_config(saved)), saved, vocab)
        model.load_state_dict(state)
        return freeze(model)
