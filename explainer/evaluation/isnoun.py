"""Score the one-to-one noun classifier on the word forms of a CoNLL-U file.

    python -m explainer.evaluate isnoun --conllu ../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu

Each distinct word form counts once, labelled by its most frequent tag in that file (NOUN or
PROPN: noun). The last line printed is exactly `accuracy: 0.XXXX`.
"""
from __future__ import annotations

import argparse

from ..data.labelled import word_labels
from ..data.tagged import read_conllu
from ..models.isnoun import IsNoun
from .metrics import noun_accuracy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--conllu", required=True, help="a CoNLL-U file")


def main(args: argparse.Namespace) -> None:
    model = IsNoun.load()
    examples = sorted(word_labels(read_conllu(args.conllu)).items())
    nouns = sum(y for _, y in examples) / len(examples)
    print(f"{len(examples):,} word forms, {nouns:.1%} nouns")
    print(f"accuracy: {noun_accuracy(model, examples):.4f}")
