"""Taggers: the fused path equals the explainable step loop, records come back, weights
round-trip, and training on a tiny invented corpus raises dev accuracy."""
import dataclasses

import pytest
import torch

from explainer.data.tagged import UPOS_TAGS, read_conllu
from explainer.models.cells import ElmanStep, LSTMStep
from explainer.models.tagger import CONFIGS, Tagger, TaggerSteps
from explainer.train.pos import TrainConfig, train

from conftest import TINY, small_tagger

SENTENCES = [["Ada", "paints", "the", "zebra", "."], ["A", "quiet", "robot", "sings"], ["Hi"]]


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_fused_forward_equals_step_loop(name):
    model = small_tagger(name)
    batch = model.encode(SENTENCES)
    with torch.no_grad():
        fused = model(batch)                                     # (B, T, n_tags)
    steps = model.explain(batch)
    assert isinstance(steps, TaggerSteps)
    assert fused.shape == steps.logits.shape == (3, 5, len(UPOS_TAGS))
    assert torch.allclose(fused[batch.mask], steps.logits[batch.mask], atol=1e-5)


@pytest.mark.parametrize("name,step,layers,directions", [
    ("slide", LSTMStep, 1, 1), ("elman", ElmanStep, 1, 1), ("best", LSTMStep, 2, 2)])
def test_explain_returns_every_layer_and_direction(name, step, layers, directions):
    model = small_tagger(name)
    steps = model.explain(model.encode(SENTENCES))
    assert len(steps.records) == layers
    assert all(len(per_layer) == directions for per_layer in steps.records)
    record = steps.records[-1][-1]
    assert isinstance(record, step) and record.hidden.shape == (3, 5, 7)
    if name == "best":
        char = steps.char_records[0][0]
        assert char.hidden.shape == (10, 6, 5)                   # 10 words, "paints" 6 letters
        assert ((char.forget_gate >= 0) & (char.forget_gate <= 1)).all()
        assert torch.allclose(char.hidden, char.output_gate * torch.tanh(char.cell))
    else:
        assert steps.char_records is None
    assert not steps.logits.requires_grad
    assert not hasattr(model, "records") and not hasattr(model, "last_steps")


def test_explain_refuses_training_mode():
    model = small_tagger("slide").train()
    with pytest.raises(RuntimeError, match="call .eval"):
        model.explain(model.encode(SENTENCES))


def test_save_and_load_rebuild_the_same_tagger(tmp_path):
    model = small_tagger("best")
    model.save(tmp_path, {"dev_accuracy": 0.5})
    assert {p.name for p in tmp_path.iterdir()} == {
        "pos-best.safetensors", "pos-best.json", "pos-best.vocab.json"}
    loaded = Tagger.load("best", tmp_path)
    assert loaded.config == model.config and not loaded.training
    batch = model.encode(SENTENCES)
    assert torch.equal(loaded.explain(batch).logits, model.explain(batch).logits)
    assert loaded.tag([["Ada", "sings"]])[0][0] in UPOS_TAGS


def test_training_raises_dev_accuracy():
    train_set = read_conllu(TINY / "tiny-train.conllu")
    dev_set = read_conllu(TINY / "tiny-dev.conllu")
    config = dataclasses.replace(CONFIGS["slide"](), word_dim=16, shape_dim=4, suffix_dim=4,
                                 hidden_size=16)
    result = train(config, TrainConfig(max_epochs=8, batch_size=8, lr=1e-2, min_word_count=1),
                   train_set, dev_set, torch.device("cpu"), progress=False)
    assert result.history[0] < 0.5                               # untrained: about chance
    assert result.dev_accuracy > 0.9 and result.dev_accuracy > result.history[0]
    assert result.best_epoch >= 1
