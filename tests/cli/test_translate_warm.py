"""The warm start of a subword translator from a word-level one (explainer/train/translate_warm.py)
and the card written from a run's saved record (`--card-only`), on invented pairs."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from explainer.data.pairs import PairVocab, read_pairs
from explainer.data.subwords import MODEL_FILES, train_subwords
from explainer.models.translator import Translator, TranslatorConfig
from explainer.train.translate_warm import warm_start

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "pairs" / "tiny-eng-fra.txt"
TINY = dict(embedding_dim=16, encoder_hidden=16, decoder_hidden=32, attention_dim=16)
WORDS = {"source": ["<pad>", "<unk>", "<s>", "</s>", ".", "cat", "the", "i"],
         "target": ["<pad>", "<unk>", "<s>", "</s>", ".", "chat", "j'", "les", "-vous"]}


@pytest.fixture(scope="module")
def subword_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subwords")
    pairs = read_pairs(FIXTURE)
    train_subwords([p.english for p in pairs], folder / MODEL_FILES["source"], 8000)
    train_subwords([p.french for p in pairs], folder / MODEL_FILES["target"], 8000)
    vocab = PairVocab.build(pairs, folder)
    torch.manual_seed(0)
    return Translator(TranslatorConfig(**TINY).sized(vocab), vocab)


def word_level_run(folder: Path, name: str = "attention", hidden: int = 32) -> dict:
    """A saved 'word-level translator' with the WORDS vocabularies and random weights."""
    torch.manual_seed(1)
    config = TranslatorConfig(name=name, attention=name == "attention", **{
        **TINY, "decoder_hidden": hidden}, n_source=len(WORDS["source"]),
        n_target=len(WORDS["target"]))
    tensors = {k: torch.randn(v) for k, v in _shapes(config).items()}
    save_file(tensors, str(folder / f"translate-{name}.safetensors"),
              metadata={"config": "{}"})
    (folder / f"translate-{name}.json").write_text(json.dumps({"dev_bleu": 12.5}))
    (folder / f"translate-{name}.vocab.json").write_text(json.dumps(WORDS))
    return tensors


def _shapes(config: TranslatorConfig) -> dict:
    """The state dict's shapes of a translator with this config (built on the meta device)."""
    from explainer.data.vocab import Vocab
    words = PairVocab(Vocab(WORDS["source"]), Vocab(WORDS["target"]), {})
    with torch.device("meta"):
        model = Translator(config, words)
    return {k: v.shape for k, v in model.state_dict().items()}


def test_warm_start_copies_what_fits_and_only_that(subword_model, tmp_path):
    old = word_level_run(tmp_path)
    model = subword_model
    fresh = {k: v.clone() for k, v in model.state_dict().items()}
    copied = warm_start(model, tmp_path)
    state = model.state_dict()
    for key in ("encoder.rnn.l0.weight_ih", "decoder.cell.weight_hh", "decoder.attention.v.weight",
                "decoder.output.weight", "decoder.init.bias"):
        assert torch.equal(state[key], old[key])              # vocabulary-free: as they were
    source, target = model.vocab.source.tokens, model.vocab.target.tokens
    assert "▁cat" in source and "▁chat" in target and "▁J" in target
    for side, piece, word in (("encoder.embedding.weight", "▁cat", "cat"),
                              ("encoder.embedding.weight", "▁I", "i"),          # cased pieces
                              ("decoder.embedding.weight", "▁chat", "chat"),
                              ("decoder.output_bias", "▁chat", "chat"),
                              ("decoder.embedding.weight", "▁J", "j'")):        # French elision
        tokens, words = (source, WORDS["source"]) if side.startswith("enc") else (
            target, WORDS["target"])
        assert torch.equal(state[side][tokens.index(piece)], old[side][words.index(word)])
    for i in range(4):                                        # the specials keep their ids
        assert torch.equal(state["decoder.embedding.weight"][i], old["decoder.embedding.weight"][i])
    unmatched = [i for i, p in enumerate(target) if i >= 4 and p.replace("▁", "").lower()
                 not in {"chat", "les", ".", "j", "vous"}]
    assert unmatched
    i = unmatched[0]
    assert torch.equal(state["decoder.embedding.weight"][i], fresh["decoder.embedding.weight"][i])
    assert state["decoder.output_bias"][i].item() == pytest.approx(
        old["decoder.output_bias"].median().item())
    hits = int(copied["rows"]["decoder.embedding.weight"].split(" of ")[0])
    assert 5 <= hits < len(target) and copied["dev_bleu"] == 12.5
    assert copied["tensors"] == len(old) - 3


def test_warm_start_refuses_another_size(subword_model, tmp_path):
    word_level_run(tmp_path, hidden=48)
    before = {k: v.clone() for k, v in subword_model.state_dict().items()}
    with pytest.raises(ValueError, match=r"is \(\d+, 48\) in .*, \(\d+, 32\) here"):
        warm_start(subword_model, tmp_path)
    after = subword_model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)     # nothing half-copied


def test_the_cli_trains_from_a_warm_start_and_rewrites_its_card(tmp_path):
    def run(*args):
        done = subprocess.run([sys.executable, "-m", "explainer.train", "translate", *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=180,
                              env={**os.environ, "RNN_EXPLAINER_DEVICE": "cpu"})
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout
    (tmp_path / "word").mkdir()
    word_level_run(tmp_path / "word")
    run("--stage", "subwords", "--data", str(FIXTURE), "--out", str(tmp_path))
    printed = run("--data", str(FIXTURE), "--model", "attention", "--out", str(tmp_path),
                  "--max-epochs", "2", "--batch-size", "8", "--lr", "0.01", "--no-progress",
                  "--warm", str(tmp_path / "word"), "--dev-limit", "1",
                  *[f"--set={k}={v}" for k, v in TINY.items()])
    assert "warm start from" in printed
    card_path = tmp_path / "translate-attention.md"
    card = card_path.read_text()
    assert "### Warm start" in card and "(dev BLEU 12.5;" in card
    assert "2 pairs, all lengths;\n  epochs are picked on 1 of them" in card and "1 dev pairs spread" in card
    saved = json.loads((tmp_path / "translate-attention.json").read_text())
    assert saved["warm"]["tensors"] == 20 and saved["stopped"] and saved["train_pairs"] > 0
    card_path.write_text("stale")
    assert "wrote" in run("--data", str(FIXTURE), "--model", "attention", "--out",
                          str(tmp_path), "--card-only")
    undated = lambda text: [line for line in text.splitlines() if "Finished " not in line]
    assert undated(card_path.read_text()) == undated(card)
    # A run continued from that one (--init) tells the whole chain on its card: the earlier run's
    # command and epochs, and the warm start that earlier run began from.
    (tmp_path / "more").mkdir()
    run("--data", str(FIXTURE), "--model", "attention", "--out", str(tmp_path / "more"),
        "--init", str(tmp_path), "--max-epochs", "1", "--batch-size", "8", "--lr", "0.005",
        "--no-progress", "--dev-limit", "1")
    more = (tmp_path / "more" / "translate-attention.md").read_text()
    assert "### Continued from an earlier run" in more and saved["command"] in more
    assert "### Warm start of that earlier run" in more and "(dev BLEU 12.5;" in more
    assert "That earlier run's first weights came from the word-level" in more
    assert "Stage 1, the subword models" in more       # the note read from --init's folder
    chained = json.loads((tmp_path / "more" / "translate-attention.json").read_text())
    assert chained["previous"]["warm"] == saved["warm"] and chained["warm"] is None
