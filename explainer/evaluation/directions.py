"""Where reading both ways helps, and where it hurts: two taggers against gold tags, word by word.

    python -m explainer.evaluate directions \
        --conllu ../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu

Counts the words only the bidirectional tagger gets right and those only the left-to-right one
gets right (the future-words view states both counts; its test re-measures them).
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass

from ..data.tagged import read_tagged
from ..device import choose_device
from ..models.tagger import Tagger
from ..paths import ASSETS
from .metrics import predict


@dataclass(frozen=True)
class DirectionCounts:
    words: int
    both_only: int          # the bidirectional tagger right, the left-to-right one wrong
    forward_only: int       # the left-to-right tagger right, the bidirectional one wrong


def count_directions(gold: list[list[str]], forward: list[list[str]],
                     both: list[list[str]]) -> DirectionCounts:
    words = both_only = forward_only = 0
    for g_sentence, f_sentence, b_sentence in zip(gold, forward, both, strict=True):
        for g, f, b in zip(g_sentence, f_sentence, b_sentence, strict=True):
            words += 1
            both_only += b == g != f
            forward_only += f == g != b
    return DirectionCounts(words, both_only, forward_only)


def measure(conllu: str, forward: str = "slide", both: str = "best", assets=ASSETS,
            batch_size: int = 256) -> DirectionCounts:
    device = choose_device()
    sentences = read_tagged(conllu)
    words = [list(s.words) for s in sentences]
    tags = {name: predict(Tagger.load(name, assets).to(device), words, batch_size)
            for name in (forward, both)}
    return count_directions([list(s.tags) for s in sentences], tags[forward], tags[both])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--conllu", required=True, help="gold file: .conllu or word,tag table")
    parser.add_argument("--forward", default="slide", help="the left-to-right tagger")
    parser.add_argument("--both", default="best", help="the bidirectional tagger")
    parser.add_argument("--assets", default=str(ASSETS), help="folder holding pos-NAME.*")


def main(args: argparse.Namespace) -> None:
    counts = measure(args.conllu, args.forward, args.both, args.assets)
    print(f"words: {counts.words}")
    print(f"{args.both} right, {args.forward} wrong: {counts.both_only}")
    print(f"{args.forward} right, {args.both} wrong: {counts.forward_only}")
