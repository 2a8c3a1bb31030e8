"""One save/load for every model: the config under one key, older assets still read as shipped."""
import json

import torch

from explainer.models.charlm import CharLM, CharLMConfig
from explainer.models.delay import DelayCheckpoints, DelayConfig
from explainer.models.tagger import SlideConfig, Tagger
from explainer.models.weights import CONFIG_KEY
from explainer.paths import ASSETS


def test_a_saved_model_keeps_its_config_under_one_key_and_comes_back_frozen(tmp_path):
    model = CharLM(CharLMConfig(embedding_dim=4, hidden_size=6, alphabet="abc "))
    path = model.save(tmp_path, {"dev_loss": 1.5})
    saved = json.loads(path.with_suffix(".json").read_text())
    assert saved == {CONFIG_KEY: {"name": "charlm", "embedding_dim": 4, "hidden_size": 6,
                                  "alphabet": "abc "}, "dev_loss": 1.5}
    loaded = CharLM.load(directory=tmp_path)
    assert loaded.config == model.config and not loaded.training
    assert not any(p.requires_grad for p in loaded.parameters())
    for a, b in zip(model.parameters(), loaded.parameters()):
        assert torch.equal(a, b)


def test_fields_beside_the_config_travel_too(tmp_path):
    model = DelayCheckpoints(DelayConfig(cell="elman", hidden_size=4), (10, 20))
    assert model.save(tmp_path).name == "delay-elman.safetensors"
    loaded = DelayCheckpoints.load("elman", tmp_path)
    assert loaded.steps == (10, 20) and loaded.config == model.config


def test_shipped_assets_load_from_the_key_they_were_saved_under():
    assert "tagger" in json.loads((ASSETS / "pos-slide.json").read_text())
    assert type(Tagger.load("slide").config) is SlideConfig
