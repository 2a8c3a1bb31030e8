"""Score a POS tagger against gold tags: per-tag precision/recall/F1 and token accuracy.

    python -m explainer.evaluate pos --model slide --conllu ../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu

The last line printed is exactly `accuracy: 0.XXXX` (every word of the file counted once).
"""
from __future__ import annotations

import argparse
import time

from ..data.tagged import read_tagged
from ..device import choose_device, describe
from ..models.tagger import Tagger
from ..paths import ASSETS
from .metrics import TagReport, predict, score


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
