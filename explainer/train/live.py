"""Train the deck's slide tagger live on a class's own sentences, one epoch at a time.

A generator: after every epoch it yields the loss and accuracy so far, so the UI can redraw its
curve while training runs. Bounded in sentences, epochs and seconds, so that a shared server
cannot be exhausted; the trained model belongs to whoever called it (the UI keeps it in that
user's session state, never in a module global).
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from typing import Iterator

import torch
from torch.nn import functional as F

from ..data.batching import IGNORE, collate, encode_sentence
from ..data.tagged import UPOS_TAGS, TaggedSentence
from ..data.vocab import TaggerVocab
from ..evaluation.pos import accuracy
from ..models.tagger import SlideConfig, Tagger

MAX_SENTENCES = 1000
MAX_WORDS_PER_SENTENCE = 64
MAX_EPOCHS = 40
MAX_SECONDS = 60.0
# the slide architecture at classroom size: trains in seconds on a CPU core
LIVE_CONFIG = replace(SlideConfig(), name="class", word_dim=48, shape_dim=8, suffix_dim=16,
                      hidden_size=64, dropout=0.1)


@dataclass(frozen=True)
class LiveProgress:
    epoch: int
    loss: float               # mean training loss of this epoch
    train_accuracy: float
    seconds: float
    model: Tagger             # the tagger as it is now (eval mode)
    done: bool = False
    stopped: str = ""


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


def train_live(sentences: list[TaggedSentence], epochs: int = 15, seed: int = 0,
               max_seconds: float = MAX_SECONDS, batch_size: int = 16,
               lr: float = 5e-3) -> Iterator[LiveProgress]:
    check_dataset(sentences)
    epochs = max(1, min(int(epochs), MAX_EPOCHS))
    generator = torch.Generator().manual_seed(seed)
    rng = random.Random(seed)
    vocab = TaggerVocab.build(sentences, UPOS_TAGS, min_word_count=1)
    with torch.random.fork_rng(devices=[]):   # own seed, without touching other users' draws
        torch.manual_seed(seed)
        model = Tagger(LIVE_CONFIG.sized(vocab), vocab)
    encoded = [encode_sentence(vocab, list(s.words), list(s.tags)) for s in sentences]
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        order = list(range(len(encoded)))
        rng.shuffle(order)
        losses = []
        for start in range(0, len(order), batch_size):
            batch = collate([encoded[i] for i in order[start:start + batch_size]])
            # dropout masks come from this run's generator, not the global one
            words = batch.words.masked_fill(
                (torch.rand(batch.words.shape, generator=generator) < 0.05) & batch.mask, 1)
            batch = replace(batch, words=words)
            logits = model(batch)                                          # (B, T, n_tags)
            loss = F.cross_entropy(logits.flatten(0, 1), batch.tags.flatten(),
                                   ignore_index=IGNORE)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        model.eval()
        seconds = time.perf_counter() - started
        out_of_time = seconds > max_seconds
        done = epoch == epochs or out_of_time
        yield LiveProgress(epoch, sum(losses) / len(losses), accuracy(model, sentences), seconds,
                           model, done, f"time limit of {max_seconds:.0f} s reached"
                           if out_of_time and epoch < epochs else "")
        if done:
            return
