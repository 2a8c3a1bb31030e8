"""Score a POS tagger against gold tags: per-tag precision/recall/F1 and token accuracy.

    python -m explainer.evaluate pos --model slide --conllu ../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu

The last line printed is exactly `accuracy: 0.XXXX` (every word of the file counted once).
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass

import torch

from ..data.batching import collate, encode_sentence
from ..data.tagged import TaggedSentence, read_tagged
from ..device import choose_device, describe
from ..models.tagger import Tagger
from ..paths import ASSETS


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


def accuracy(model: Tagger, sentences: list[TaggedSentence], batch_size: int = 256) -> float:
    predicted = predict(model, [list(s.words) for s in sentences], batch_size)
    return score([list(s.tags) for s in sentences], predicted).accuracy


def format_report(report: TagReport) -> str:
    lines = [f"{'tag':<6} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    lines += [f"{s.tag:<6} {s.precision:>9.4f} {s.recall:>7.4f} {s.f1:>7.4f} {s.support:>8}"
              for s in report.scores]
    lines.append(f"words: {report.total}, correct: {report.correct}")
    lines.append(f"accuracy: {report.accuracy:.4f}")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="slide, elman, best (assets/pos-NAME.*)")
    parser.add_argument("--conllu", required=True,
                        help="gold file: .conllu, or a word,tag .csv/.tsv table")
    parser.add_argument("--assets", default=str(ASSETS), help="folder holding pos-NAME.*")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--step-loop", action="store_true",
                        help="tag through the explainable step loop instead of the fused kernels")


def main(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    device = choose_device()
    model = Tagger.load(args.model, args.assets).to(device)
    sentences = read_tagged(args.conllu)
    predicted = predict(model, [list(s.words) for s in sentences], args.batch_size,
                        args.step_loop)
    report = score([list(s.tags) for s in sentences], predicted)
    print(f"model: pos-{args.model}, file: {args.conllu}, sentences: {len(sentences)}, "
          f"device: {describe(device)}, path: {'step loop' if args.step_loop else 'fused'}, "
          f"seconds: {time.perf_counter() - started:.1f}")
    print(format_report(report))
