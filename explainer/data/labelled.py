"""Labelled examples for the paradigm classifiers, read from the corpora.

- one-to-one, noun or not: each word form of a CoNLL-U file, labelled by its most frequent tag.
- many-to-one, English or French: each sentence of Tatoeba's pairs, labelled by its side.
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from .splits import is_language_dev
from .tagged import TaggedSentence

NOUN_TAGS = ("NOUN", "PROPN")
LANGUAGE_MAX_CHARS = 120          # longer sentences are left out

WordExample = tuple[str, int]     # (word form, 1 if noun)
SentenceExample = tuple[str, int]  # (normalised sentence, language index: 0 English, 1 French)


def word_labels(sentences: list[TaggedSentence]) -> dict[str, int]:
    """Each word form -> 1 if its most frequent tag is NOUN or PROPN, else 0 (ties: the tag
    seen first)."""
    tags: dict[str, Counter] = defaultdict(Counter)
    for sentence in sentences:
        for word, tag in zip(sentence.words, sentence.tags):
            tags[word][tag] += 1
    return {w: int(counts.most_common(1)[0][0] in NOUN_TAGS) for w, counts in tags.items()}


def read_language_examples(path: Path, max_chars: int, normalize: Callable[[str], str]
                           ) -> tuple[list[SentenceExample], list[SentenceExample]]:
    """(train, dev): the distinct sentences of an English<TAB>French file as `normalize` makes
    them (the model's own normalisation), at most max_chars long, with their language."""
    train: dict[SentenceExample, None] = {}
    dev: dict[SentenceExample, None] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split("\t")
        if len(parts) < 2:
            raise SystemExit(f"{path}:{number}: expected English<TAB>French, got {line!r}")
        side = dev if is_language_dev(parts[0]) else train
        for language, sentence in enumerate(parts[:2]):
            text = normalize(sentence)
            if 0 < len(text) <= max_chars:
                side[(text, language)] = None
    return list(train), list(dev)


def sentence_batches(examples: list[SentenceExample], batch_size: int,
                     shuffle: bool) -> list[list[SentenceExample]]:
    """Batches of similar length (little padding), in a shuffled order when training."""
    order = sorted(examples, key=lambda e: (len(e[0]), random.random() if shuffle else 0))
    groups = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle:
        random.shuffle(groups)
    return groups
