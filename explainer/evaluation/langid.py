"""Score the English-vs-French identifier on English<TAB>French pairs (both sides are scored).

    python -m explainer.evaluate langid --pairs ../shared/data/tatoeba_eng_fra/eng-fra.txt

By default only the dev pairs (as split in training) are scored; --all scores every line.
The last line printed is exactly `accuracy: 0.XXXX`.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..data.labelled import LANGUAGE_MAX_CHARS, read_language_examples
from ..models.langid import LangID, normalize
from .metrics import language_accuracy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pairs", required=True, help="English<TAB>French lines (eng-fra.txt)")
    parser.add_argument("--all", action="store_true", help="score every line, not only dev")


def main(args: argparse.Namespace) -> None:
    start = time.perf_counter()
    model = LangID.load()
    train, dev = read_language_examples(Path(args.pairs), LANGUAGE_MAX_CHARS, normalize)
    examples = train + dev if args.all else dev
    overall, per_language = language_accuracy(model, examples, per_language=True)
    for language, (score, count) in per_language.items():
        print(f"{language}: {score:.4f} of {count:,} sentences")
    print(f"{len(examples):,} sentences, {time.perf_counter() - start:.1f}s")
    print(f"accuracy: {overall:.4f}")
