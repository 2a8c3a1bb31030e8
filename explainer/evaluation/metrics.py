"""The scores: what training selects its epochs by and what the evaluation CLIs print.

Each takes a model and examples, runs without gradients in eval mode and leaves the model in the
mode it found it. Training imports these; nothing here imports training.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch.nn import functional as F

from ..data.batching import collate, encode_sentence
from ..data.labelled import SentenceExample, WordExample, sentence_batches
from ..data.tagged import TaggedSentence
from ..models import lagged_copy
from ..models.langid import LANGUAGES

if TYPE_CHECKING:
    from ..models.charlm import CharLM
    from ..models.isnoun import IsNoun
    from ..models.lagged_copy import LaggedCopyBatch, LaggedCopyNet
    from ..models.langid import LangID
    from ..models.tagger import Tagger


# ---- part-of-speech tagging ------------------------------------------------------------------

@torch.no_grad()
def predict(model: Tagger, sentences: list[list[str]], batch_size: int = 256,
            step_loop: bool = False) -> list[list[str]]:
    """Tags for many sentences, batched by length; step_loop=True uses `explain`'s step loop
    instead of the fused kernels (slower, same numbers)."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    predicted: list[list[str]] = [[] for _ in sentences]
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        batch = collate([encode_sentence(model.vocab, sentences[i], None,
                                         model.config.max_word_chars) for i in chunk]).to(device)
        logits = model.explain(batch).logits if step_loop else model(batch)  # (B, T, n_tags)
        best = logits.argmax(dim=-1).cpu()
        for row, i in zip(best, chunk):
            predicted[i] = model.vocab.tags.decode(row[:len(sentences[i])].tolist())
    model.train(was_training)
    return predicted


@dataclass(frozen=True)
class TagScore:
    tag: str
    precision: float
    recall: float
    f1: float
    support: int      # gold words with this tag


@dataclass(frozen=True)
class TagReport:
    scores: list[TagScore]
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def score(gold: list[list[str]], predicted: list[list[str]]) -> TagReport:
    hits, guessed, wanted = Counter(), Counter(), Counter()
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        for g, p in zip(gold_tags, predicted_tags, strict=True):
            wanted[g] += 1
            guessed[p] += 1
            hits[g] += g == p
    scores = []
    for tag in sorted(set(wanted) | set(guessed)):
        precision = hits[tag] / guessed[tag] if guessed[tag] else 0.0
        recall = hits[tag] / wanted[tag] if wanted[tag] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(TagScore(tag, precision, recall, f1, wanted[tag]))
    return TagReport(scores, sum(hits.values()), sum(wanted.values()))


def tagging_accuracy(model: Tagger, sentences: list[TaggedSentence],
                     batch_size: int = 256) -> float:
    """The share of words tagged right, every word counted once."""
    predicted = predict(model, [list(s.words) for s in sentences], batch_size)
    return score([list(s.tags) for s in sentences], predicted).accuracy


# ---- the paradigm models ---------------------------------------------------------------------

@torch.no_grad()
def noun_accuracy(model: IsNoun, examples: list[WordExample]) -> float:
    was_training = model.training
    model.eval()
    predicted = model(model.vectorize([w for w, _ in examples])).argmax(-1)
    model.train(was_training)
    return (predicted == torch.tensor([y for _, y in examples])).float().mean().item()


@torch.no_grad()
def language_accuracy(model: LangID, examples: list[SentenceExample],
                      per_language: bool = False):
    """The share of sentences whose language is read right; per_language=True also gives
    {language: (accuracy, sentences)}."""
    was_training = model.training
    model.eval()
    right, total = Counter(), Counter()
    for group in sentence_batches(examples, 512, shuffle=False):
        ids, lengths = model.encode([text for text, _ in group])
        predicted = model(ids, lengths).argmax(-1).tolist()
        for (_, language), guess in zip(group, predicted):
            right[language] += guess == language
            total[language] += 1
    model.train(was_training)
    overall = sum(right.values()) / sum(total.values())
    if per_language:
        return overall, {LANGUAGES[k]: (right[k] / total[k], total[k]) for k in sorted(total)}
    return overall


def language_accuracy_by_length(model: LangID, examples: list[SentenceExample],
                                edges=(10, 20, 40, 10**9)) -> dict[str, tuple[float, int]]:
    """Accuracy per band of sentence length: short sentences carry less evidence."""
    out, low = {}, 0
    for high in edges:
        band = [e for e in examples if low < len(e[0]) <= high]
        name = f"{low + 1}-{high}" if high < 10**9 else f"over {low}"
        if band:
            out[name] = (language_accuracy(model, band), len(band))
        low = high
    return out


@torch.no_grad()
def char_loss(model: CharLM, ids: torch.Tensor, window: int = 256,
              batch_size: int = 64) -> float:
    """Mean cross-entropy (nats/char) over a whole text, read in windows from zero states
    (a text shorter than one window is read as one window)."""
    was_training = model.training
    model.eval()
    window = min(window, len(ids) - 1)
    n = (len(ids) - 1) // window
    inputs = ids[:n * window].view(n, window)                          # (n, window)
    targets = ids[1:n * window + 1].view(n, window)
    total = 0.0
    for start in range(0, n, batch_size):
        logits = model(inputs[start:start + batch_size])               # (B, window, n_chars)
        total += F.cross_entropy(logits.flatten(0, 1), targets[start:start + batch_size].flatten(),
                                 reduction="sum").item()
    model.train(was_training)
    return total / (n * window)


@torch.no_grad()
def lagged_copy_accuracy(net: LaggedCopyNet, batch: LaggedCopyBatch) -> float:
    """The share of outputs that recall the symbol D steps back (positions t >= D)."""
    was_training = net.training
    net.eval()
    predicted = net(batch.inputs).argmax(dim=-1)                       # (B, T)
    net.train(was_training)
    scored = batch.targets != lagged_copy.IGNORE
    return float((predicted[scored] == batch.targets[scored]).float().mean())
