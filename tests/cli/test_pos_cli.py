"""The training and evaluation command lines, end to end on the tiny invented corpus."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "RNN_EXPLAINER_DEVICE": "cpu"})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_train_then_evaluate(tmp_path):
    out = run("explainer.train", "pos", "--data", str(TINY), "--model", "slide",
              "--out", str(tmp_path), "--max-epochs", "3", "--batch-size", "8", "--lr", "0.01",
              "--set", "hidden_size=16", "--set", "word_dim=16", "--no-progress")
    assert "dev accuracy" in out
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"pos-slide.safetensors", "pos-slide.json", "pos-slide.vocab.json",
                     "pos-slide.md"}
    card = (tmp_path / "pos-slide.md").read_text()
    assert "CC BY-SA 4.0" in card and "Silveira" in card
    assert "python -m explainer.train pos --data" in card and '"hidden_size": 16' in card

    printed = run("explainer.evaluate", "pos", "--model", "slide", "--assets", str(tmp_path),
                  "--conllu", str(TINY / "tiny-dev.conllu"))
    lines = printed.strip().splitlines()
    assert re.fullmatch(r"accuracy: 0\.\d{4}|accuracy: 1\.0000", lines[-1])
    assert any(line.startswith("NOUN ") for line in lines)       # a per-tag row
    words = sum(1 for line in (TINY / "tiny-dev.conllu").read_text().splitlines()
                if line and not line.startswith("#"))
    assert f"words: {words}," in printed

    looped = run("explainer.evaluate", "pos", "--model", "slide", "--assets", str(tmp_path),
                 "--conllu", str(TINY / "tiny-dev.conllu"), "--step-loop")
    assert looped.strip().splitlines()[-1] == lines[-1]          # same tags either way
