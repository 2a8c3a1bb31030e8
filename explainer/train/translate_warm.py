"""Warm start: a subword translator's first weights taken from a word-level one.

The recurrent parts (encoder GRUs, attention, decoder GRU, W_init, W_o) do not depend on the
vocabulary: their shapes are the same whatever the tokens are, so they are copied as they are.
Embedding rows (and the French output bias, the output layer being tied to the embeddings) are
copied for every piece whose text is a word of the old vocabulary:
    "▁cats" -> "cats", "▁Cats" -> "cats", "." -> ".", "▁J" + "'" -> "j'" (French elision)
and every other piece (a fragment such as "ple", a byte) keeps its fresh random row, with the
median of the old output biases. Training then runs as from scratch (same loss, same data);
the card names the model it started from and how many rows were copied.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch

from ..data.subwords import WORD_START
from ..models.translator import Translator
from ..models.weights import load_weights

VOCAB_DEPENDENT = {"encoder.embedding.weight": "source", "decoder.embedding.weight": "target",
                   "decoder.output_bias": "target"}


def _word_of(piece: str, words: dict[str, int], side: str) -> int | None:
    """The old vocabulary's id for this piece's text, or None."""
    text = piece.replace(WORD_START, "").lower()
    if not text:
        return None
    candidates = [text] + ([text + "'", "-" + text] if side == "target" else [])
    for candidate in candidates:
        if candidate in words:
            return words[candidate]
    return None


def warm_start(model: Translator, directory: str | Path) -> dict:
    """Copy into `model` (a fresh subword translator) what fits of the word-level translator
    saved in `directory` as translate-<name>.*; returns what was copied, for the card."""
    name = model.config.name
    tensors, meta = load_weights(Path(directory) / f"translate-{name}")
    tables = json.loads((Path(directory) / f"translate-{name}.vocab.json").read_text())
    state = model.state_dict()
    copied = {"from": str(directory), "dev_bleu": meta.get("dev_bleu"), "tensors": 0,
              "rows": {}}
    kept = {key: value for key, value in tensors.items()
            if key not in VOCAB_DEPENDENT and key in state}
    for key, value in kept.items():           # every shape checked before anything is copied
        if state[key].shape != value.shape:
            raise ValueError(f"warm start: {key} is {tuple(value.shape)} in {directory}, "
                             f"{tuple(state[key].shape)} here")
    with torch.no_grad():
        for key, value in kept.items():
            state[key].copy_(value)
            copied["tensors"] += 1
        vocabs = {"source": model.vocab.source.tokens, "target": model.vocab.target.tokens}
        for key, side in VOCAB_DEPENDENT.items():
            old_words = {w: i for i, w in enumerate(tables[side])}
            old = tensors[key]
            if key == "decoder.output_bias":
                state[key].fill_(old.median().item())
            hits = 0
            for i, piece in enumerate(vocabs[side]):
                j = i if i < 4 else _word_of(piece, old_words, side)   # specials: same ids
                if j is not None:
                    state[key][i].copy_(old[j])
                    hits += 1
            copied["rows"][key] = f"{hits} of {len(vocabs[side])}"
    model.load_state_dict(state)
    return copied
