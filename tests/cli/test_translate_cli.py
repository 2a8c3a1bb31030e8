"""The translation training, evaluation and split command lines, end to end on invented pairs."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "pairs" / "tiny-eng-fra.txt"


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180,
                          env={**os.environ, "RNN_EXPLAINER_DEVICE": "cpu"})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_train_then_evaluate(tmp_path):
    out = run("explainer.train", "translate", "--stage", "subwords", "--data", str(FIXTURE),
              "--out", str(tmp_path))
    assert re.match(r"subword models from \d+ train pairs", out)
    out = run("explainer.train", "translate", "--data", str(FIXTURE), "--model", "attention",
              "--out", str(tmp_path), "--max-epochs", "3", "--batch-size", "8", "--lr", "0.01",
              "--set", "embedding_dim=16", "--set", "encoder_hidden=16",
              "--set", "decoder_hidden=32", "--set", "attention_dim=16", "--no-progress",
              "--write-dev", str(tmp_path / "dev.txt"))
    assert "dev BLEU" in out
    names = {p.name for p in tmp_path.iterdir()}
    assert {"translate-attention.safetensors", "translate-attention.json",
            "translate-attention.vocab.json", "translate-attention.md", "dev.txt",
            "translate-en.spm.model", "translate-fr.spm.model", "translate-subwords.json"} == names
    card = (tmp_path / "translate-attention.md").read_text()
    assert "CC BY 2.0 FR" in card and "tatoeba.org" in card and "manythings.org" in card
    assert "python -m explainer.train translate --data" in card and '"decoder_hidden": 32' in card

    printed = run("explainer.evaluate", "translate", "--model", "attention",
                  "--assets", str(tmp_path), "--pairs", str(FIXTURE))
    lines = printed.strip().splitlines()
    assert re.fullmatch(r"bleu: \d{1,3}\.\d", lines[-1]), lines[-1]
    assert any(line.strip().startswith("9-15 ") for line in lines)      # the length table
    assert "pairs: 32," in printed
    assert re.search(r"^outputs with <unk>: 0$", printed, re.M)
    assert re.search(r"^outputs with a word three times in a row: \d+", printed, re.M)
    assert "--stage subwords" in card and "Stage 2" in card

    short = run("explainer.evaluate", "translate", "--model", "attention", "--assets",
                str(tmp_path), "--pairs", str(FIXTURE), "--max-words", "3", "--beam", "3")
    assert "decoding: beam 3" in short and re.fullmatch(r"bleu: \d{1,3}\.\d",
                                                        short.strip().splitlines()[-1])


def test_split_command_writes_a_slice(tmp_path):
    out = run("explainer.data.pairs", "--data", str(FIXTURE), "--split", "train",
              "--out", str(tmp_path / "train.txt"), "--max-words", "4")
    written = (tmp_path / "train.txt").read_text(encoding="utf-8").splitlines()
    assert out.startswith(f"wrote {len(written)} train pairs")
    assert written and all(len(line.split("\t")[0].split()) <= 4 for line in written)
    assert "\u202f" in (tmp_path / "train.txt").read_text(encoding="utf-8")   # untouched
