"""A sentence through a trained tagger: the seven steps, hidden states and the tag per word."""
from __future__ import annotations

import json
import time
from functools import lru_cache

import numpy as np
import torch

from ..data.examples import REFERENCE_SENTENCES
from ..data.tokenizer import tokenize
from ..device import describe, gpu, on_cpu, shared_model
from ..models.tagger import Tagger
from ..paths import ASSETS
from ..traces.tagging import TaggingTrace

SHIPPED_TAGGERS = ("slide", "elman", "best")


@shared_model
def load_tagger(name: str) -> Tagger:
    """A shipped tagger, loaded once, frozen, on the chosen device; shared by every user."""
    return Tagger.load(name)


def warm_up() -> None:
    """Load every shipped tagger and fit its PCA plane now (at start-up), not on a request."""
    for name in SHIPPED_TAGGERS:
        load_tagger(name), _shipped_plane(name)


def last_layer_hidden(records) -> torch.Tensor:
    """The last layer's outputs, both directions side by side: (B, T, directions*H)."""
    return torch.cat([record.hidden for record in records[-1]], dim=-1)


def _hidden_states(tagger: Tagger, sentences: list[list[str]]):
    batch = tagger.encode(sentences).to(next(tagger.parameters()).device)
    steps = tagger.explain(batch)
    return batch, steps, last_layer_hidden(steps.records)


@lru_cache(maxsize=8)  # the shipped taggers, and a few class-trained ones
def _reference_plane(tagger: Tagger) -> tuple[np.ndarray, np.ndarray]:
    """(mean (H,), components (H, 2)): PCA of the hidden states of the reference sentences,
    fitted once per model so that every sentence is drawn in the same plane."""
    sentences = [tokenize(s) for s in REFERENCE_SENTENCES]
    batch, _, hidden = _hidden_states(tagger, sentences)
    states = hidden[batch.mask].double().cpu().numpy()                 # (N, H)
    mean = states.mean(axis=0)
    _, _, vt = np.linalg.svd(states - mean, full_matrices=False)
    components = vt[:2].T                                              # (H, 2)
    components *= np.sign(components[np.abs(components).argmax(axis=0), [0, 1]])  # fixed sign
    return mean, components


@lru_cache(maxsize=None)
def _shipped_plane(name: str) -> tuple[np.ndarray, np.ndarray]:
    """A shipped tagger's plane, fitted on its CPU copy: the same plane for its device copy,
    fitted before any GPU is lent (ZeroGPU lends none at start-up)."""
    with on_cpu():
        return _reference_plane(load_tagger(name))


def project(tagger: Tagger, hidden: np.ndarray) -> np.ndarray:
    name = tagger.config.name
    shipped = name in SHIPPED_TAGGERS and tagger is load_tagger(name)
    mean, components = _shipped_plane(name) if shipped else _reference_plane(tagger)
    return ((hidden - mean) @ components).astype(np.float32)


@lru_cache(maxsize=None)
def shipped_min_word_count(name: str) -> int:
    """The shipped tagger's vocabulary kept the words its training set holds at least this
    many times (lowercased, digits as 0): read from the training config saved beside it."""
    saved = json.loads((ASSETS / f"pos-{name}.json").read_text())
    return int(saved["training"]["min_word_count"])


@gpu(duration=6)  # worst input: 0.14 s on one CPU thread (64 long words, best tagger)
def explain_tagging(tokens: list[str], model: str) -> TaggingTrace:
    """Every number the POS views show for one tokenized sentence (1 <= len(tokens)), from the
    shipped tagger `model` (one of SHIPPED_TAGGERS)."""
    return tagging_trace(tokens, load_tagger(model), shipped_min_word_count(model))


@torch.no_grad()
def tagging_trace(tokens: list[str], tagger: Tagger, min_word_count: int) -> TaggingTrace:
    """explain_tagging's trace from any tagger: a shipped one, or a class's own (trained live on
    the CPU, kept in the user's session). `min_word_count`: how its vocabulary was built."""
    device = next(tagger.parameters()).device
    start = time.perf_counter()
    batch, steps, hidden = _hidden_states(tagger, [tokens])
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    word_ids = batch.words[0]
    hidden = hidden[0].float().cpu().numpy()                          # (T, H)
    logits = steps.logits[0].float()                                  # (T, n_tags)
    cell = type(tagger.rnn.cell(0))
    return TaggingTrace(
        model=tagger.config.name, cell=tagger.config.cell, cell_name=cell.display_name,
        has_cell_state=cell.has_cell_state, tokens=tuple(tokens),
        word_ids=word_ids.cpu().numpy(), unknown=(word_ids == 1).cpu().numpy(),
        min_word_count=min_word_count, directions=2 if tagger.config.bidirectional else 1,
        tag_names=tuple(tagger.vocab.tags.tokens),
        word_vectors=tagger.word_embedding(word_ids).float().cpu().numpy(),
        input_size=tagger.rnn.config.input_size, hidden=hidden,
        logits=logits.cpu().numpy(), probs=torch.softmax(logits, dim=-1).cpu().numpy(),
        trajectory=project(tagger, hidden), device=describe(device), seconds=seconds)
