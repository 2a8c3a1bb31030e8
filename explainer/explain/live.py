"""Training run live in the app, as generators of traces: the UI draws each one as it comes.

- the deck's slide tagger trained on a class's own sentences: a `TrainingCurve` per epoch;
- a small Elman RNN trained on the delay task with truncation k: a `TruncationCurve` every few
  updates (truncated BPTT).

Each run is bounded in data, updates and seconds, so a shared server cannot be exhausted, and
draws only from its own seeded generators. The model lives only in the generator and in what it
yields (the UI keeps a class's tagger in that user's session state, never in a module global).
"""
from __future__ import annotations

import random
import time
from dataclasses import replace
from typing import Iterator

import torch
from torch.nn import functional as F

from ..data.batching import IGNORE, EncodedSentence, collate, encode_sentence
from ..data.tagged import UPOS_TAGS, TaggedSentence
from ..data.vocab import TaggerVocab
from ..evaluation.metrics import tagging_accuracy
from ..models.tagger import SlideConfig, Tagger
from ..traces.tagging import TrainingCurve
from . import seeded

# ---- the class's tagger -----------------------------------------------------------------------

MAX_SENTENCES = 1000
MAX_WORDS_PER_SENTENCE = 64
MAX_EPOCHS = 40
MAX_SECONDS = 60.0
# the slide architecture at classroom size: trains in seconds on a CPU core
LIVE_CONFIG = replace(SlideConfig(), name="class", word_dim=48, shape_dim=8, suffix_dim=16,
                      hidden_size=64, dropout=0.1)


def check_dataset(sentences: list[TaggedSentence]) -> list[TaggedSentence]:
    """Refuse what cannot train; the messages say what to change."""
    if not sentences:
        raise ValueError("the file has no tagged sentences")
    if len(sentences) > MAX_SENTENCES:
        raise ValueError(f"the file has {len(sentences)} sentences; live training takes at most "
                         f"{MAX_SENTENCES}")
    long = next((s for s in sentences if len(s) > MAX_WORDS_PER_SENTENCE), None)
    if long is not None:
        raise ValueError(f"the sentence starting at line {long.line} has {len(long)} words; "
                         f"split sentences longer than {MAX_WORDS_PER_SENTENCE} words")
    return sentences


def _tagger_epoch(model: Tagger, encoded: list[EncodedSentence], optimizer, batch_size: int,
                  rng: random.Random, generator: torch.Generator) -> float:
    """One shuffled pass; returns the mean training loss."""
    model.train()
    order = list(range(len(encoded)))
    rng.shuffle(order)
    losses = []
    for start in range(0, len(order), batch_size):
        batch = collate([encoded[i] for i in order[start:start + batch_size]])
        # word dropout (p = 0.05, to <unk>), its masks drawn from this run's generator
        words = batch.words.masked_fill(
            (torch.rand(batch.words.shape, generator=generator) < 0.05) & batch.mask, 1)
        logits = model(replace(batch, words=words))                        # (B, T, n_tags)
        loss = F.cross_entropy(logits.flatten(0, 1), batch.tags.flatten(), ignore_index=IGNORE)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    return sum(losses) / len(losses)


def train_class_tagger(sentences: list[TaggedSentence], epochs: int = 15, seed: int = 0,
                       max_seconds: float = MAX_SECONDS, batch_size: int = 16,
                       lr: float = 5e-3) -> Iterator[tuple[TrainingCurve, Tagger]]:
    """Train a fresh slide tagger on `sentences`; after every epoch yield the curve so far and
    the tagger as it is now (eval mode). The last curve has done=True."""
    check_dataset(sentences)
    epochs = max(1, min(int(epochs), MAX_EPOCHS))
    generator = torch.Generator().manual_seed(seed)
    rng = random.Random(seed)
    vocab = TaggerVocab.build(sentences, UPOS_TAGS, min_word_count=1)
    with seeded(seed):                    # its own initial weights, other users' draws untouched
        model = Tagger(LIVE_CONFIG.sized(vocab), vocab)
    encoded = [encode_sentence(vocab, list(s.words), list(s.tags)) for s in sentences]
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    started = time.perf_counter()
    losses, accuracies = [], []
    for epoch in range(1, epochs + 1):
        losses.append(_tagger_epoch(model, encoded, optimizer, batch_size, rng, generator))
        seconds = time.perf_counter() - started
        out_of_time = seconds > max_seconds
        accuracies.append(tagging_accuracy(model, sentences))
        stopped = (f"time limit of {max_seconds:.0f} s reached"
                   if out_of_time and epoch < epochs else "")
        done = epoch == epochs or out_of_time
        yield TrainingCurve(tuple(losses), tuple(accuracies), seconds, stopped, done), model
        if done:
            return
