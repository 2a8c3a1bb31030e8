"""Training run live in the app, as generators of traces: the UI draws each one as it comes.

- the deck's slide tagger trained on a class's own sentences: a `TrainingCurve` per epoch;
- a small Elman RNN trained on the delay task with truncation k: a `TruncationCurve` every few
  updates (truncated BPTT).

Each run is bounded in data, updates and seconds, so a shared server cannot be exhausted, and
draws only from its own seeded generators (dropout included): the same seed gives the same run
whatever else the server does, and a run leaves torch's global generator as it found it. The
model lives only in the generator and in what it yields (the UI keeps a class's tagger in that
user's session state, never in a module global).
"""
from __future__ import annotations

import random
import time
from dataclasses import replace
from typing import Iterator

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F

from ..data.batching import IGNORE, EncodedSentence, collate, encode_sentence
from ..data.tagged import UPOS_TAGS, ReadLimits, TaggedSentence
from ..data.vocab import TaggerVocab
from ..evaluation.metrics import lagged_copy_accuracy, tagging_accuracy
from ..models import lagged_copy
from ..models.lagged_copy import LENGTH, SYMBOLS, LaggedCopyBatch, LaggedCopyNet, lagged_copy_batch
from ..models.tagger import SlideConfig, Tagger
from ..traces.bptt import TruncationCurve
from ..traces.tagging import TrainingCurve
from . import seeded

# ---- the class's tagger -----------------------------------------------------------------------

MAX_SENTENCES = 1000
MAX_WORDS_PER_SENTENCE = 64
MAX_EPOCHS = 40
MAX_SECONDS = 60.0
# An upload is read line by line and refused at the first line past one of these: the file
# (Gradio's max_file_size, "2mb" in ui/app.py, refuses bigger uploads first), a line, the
# sentences, a sentence's words.
UPLOAD_LIMITS = ReadLimits(file_bytes=2 * 1024 * 1024, line_chars=2000, sentences=MAX_SENTENCES,
                           words=MAX_WORDS_PER_SENTENCE)
CLASS_MIN_WORD_COUNT = 1    # a class's tagger knows every word of its sentences
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


class SeededDropout(nn.Module):
    """nn.Dropout whose masks come from a run's own generator instead of torch's global one,
    which every request shares: concurrent runs then neither couple nor disturb anyone."""

    def __init__(self, p: float, generator: torch.Generator):
        super().__init__()
        self.p, self.generator = p, generator

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0:
            return x
        keep = torch.rand(x.shape, generator=self.generator).to(x.device) >= self.p
        return x * keep / (1 - self.p)


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
    vocab = TaggerVocab.build(sentences, UPOS_TAGS, min_word_count=CLASS_MIN_WORD_COUNT)
    with seeded(seed):                    # its own initial weights, other users' draws untouched
        model = Tagger(LIVE_CONFIG.sized(vocab), vocab)
    model.dropout = SeededDropout(LIVE_CONFIG.dropout, generator)   # nn.Dropout's, same place
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


# ---- truncated BPTT on the lagged-copy task ---------------------------------------------------
#
# The sequence is cut into chunks of k steps; the state flows on, the gradient does not. A loss at
# position j of a chunk (j = 0 … k−1) reaches back j steps, so with k <= D no loss ever sends
# gradient to the input it needs. Gradients of all chunks of a batch are summed before one
# update, so every k sees the same data and the same number of updates: only where the gradient
# is cut differs. Every k starts from the same seeded weights.

MAX_DELAY = 8
TRUNCATION_STEPS = 150         # updates per run: full BPTT gets D = 4 right in ~60, D = 8 in ~150
TRUNCATION_EVAL_EVERY = 10
TRUNCATION_MAX_SECONDS = 6.0   # a hard stop for a loaded server; a run takes ~2 s on one free core


def check_run(delay: int, truncate: int) -> None:
    if not 1 <= delay <= MAX_DELAY:
        raise ValueError(f"delay must be from 1 to {MAX_DELAY}")
    if not 1 <= truncate <= LENGTH:
        raise ValueError(f"k must be from 1 to {LENGTH} ({LENGTH}: full BPTT)")


def _lagged_copy_loss(net: LaggedCopyNet, batch: LaggedCopyBatch,
                      truncate: int | None) -> torch.Tensor:
    logits = net(batch.inputs, truncate)                               # (B, T, SYMBOLS)
    return F.cross_entropy(logits.reshape(-1, SYMBOLS), batch.targets.reshape(-1),
                           ignore_index=lagged_copy.IGNORE)


def train_truncated(delay: int, truncate: int, seed: int = 0, steps: int = TRUNCATION_STEPS,
                    max_seconds: float = TRUNCATION_MAX_SECONDS, lr: float = 1e-2,
                    eval_every: int = TRUNCATION_EVAL_EVERY) -> Iterator[TruncationCurve]:
    """Train a fresh seeded LaggedCopyNet with chunks of k = truncate; every few updates yield
    the curve of held-out accuracy so far (the last has done=True). Same seed: same weights,
    same data, whatever k."""
    check_run(delay, truncate)
    with seeded(seed):          # the layers' default init draws (then overwritten from `seed`)
        net = LaggedCopyNet(seed)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    data = np.random.default_rng(seed)
    held_out = lagged_copy_batch(np.random.default_rng(seed + 10_000), delay, batch=256)
    evaluated, scores = [0], [lagged_copy_accuracy(net, held_out)]

    def curve(seconds: float, stopped: str = "", done: bool = False) -> TruncationCurve:
        return TruncationCurve(delay, truncate, LENGTH, tuple(evaluated), tuple(scores),
                               1 / SYMBOLS, seconds, stopped, done)

    start = time.perf_counter()
    yield curve(0.0)
    for step in range(1, steps + 1):
        loss = _lagged_copy_loss(net, lagged_copy_batch(data, delay),
                                 truncate if truncate < LENGTH else None)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimizer.step()
        seconds = time.perf_counter() - start
        out_of_time = seconds > max_seconds
        if step % eval_every == 0 or step == steps or out_of_time:
            evaluated.append(step)
            scores.append(lagged_copy_accuracy(net, held_out))
            stopped = f"time limit of {max_seconds:.0f} s" if out_of_time and step < steps else ""
            yield curve(seconds, stopped, step == steps or out_of_time)
        if out_of_time:
            return
