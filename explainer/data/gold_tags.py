"""Sentences this project wrote, with gold part-of-speech tags that we assigned ourselves following
the Universal Dependencies guidelines (UPOS, https://universaldependencies.org/u/pos/): no corpus
text. The future-words view shows these tags beside both taggers' answers.

Each gold tag is the one a UD annotator would give the word in the sentence's only sensible
reading, e.g. "flies" in "Time flies like an arrow." is the verb, and "man" in the garden-path
sentence "The old man the boat." is the verb too ("the old" is the subject, an adjective used as a
noun, which UD keeps ADJ). Sentences with two readings (e.g. "I saw her duck.") have no single gold
tag and are not here.
"""
from __future__ import annotations

from .tokenizer import tokenize

GOLD_SENTENCES: dict[str, tuple[str, ...]] = {
    "Time flies like an arrow.": ("NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"),
    "Light the lamp.": ("VERB", "DET", "NOUN", "PUNCT"),
    "Present the present.": ("VERB", "DET", "NOUN", "PUNCT"),
    "Love hurts.": ("NOUN", "VERB", "PUNCT"),
    "They refuse to permit us to obtain the refuse permit.":
        ("PRON", "VERB", "PART", "VERB", "PRON", "PART", "VERB", "DET", "NOUN", "NOUN", "PUNCT"),
    "I like to fish in the river.": ("PRON", "VERB", "PART", "VERB", "ADP", "DET", "NOUN",
                                     "PUNCT"),
    "The old man the boat.": ("DET", "ADJ", "VERB", "DET", "NOUN", "PUNCT"),
}


def _check() -> dict[tuple[str, ...], tuple[str, ...]]:
    by_tokens = {}
    for sentence, tags in GOLD_SENTENCES.items():
        tokens = tuple(tokenize(sentence))
        if len(tokens) != len(tags):
            raise ValueError(f"{sentence!r}: {len(tokens)} tokens, {len(tags)} gold tags")
        by_tokens[tokens] = tags
    return by_tokens


_BY_TOKENS = _check()


def gold_tags(tokens: list[str] | tuple[str, ...]) -> tuple[str, ...] | None:
    """Our gold tags for exactly these tokens, or None for any other sentence."""
    return _BY_TOKENS.get(tuple(tokens))
