"""Text of several sentences -> sentences, and French sentences -> one text.

The translators learned from Tatoeba pairs, 99 % of them single sentences, so a text is split
before it is translated and the translations are joined afterwards.

Splitting (English): a sentence ends at . ! ? or an ellipsis (with any closing quotes or
brackets after it) when whitespace and then a capital letter, a digit or an opening quote
follow. Kept whole:
    abbreviations   "Mr. Smith is here."  "We need food, e.g. Bread and milk."
    initials        "J. K. Rowling wrote it."       (a capital other than I and A)
    decimals        "It costs 3.5 euros."          (no space after the point)
    ellipses        "Wait... what?"                 (a lower-case word follows)
    >>> split_sentences("I love purple cats. Cats are neat.")
    ['I love purple cats.', 'Cats are neat.']

Joining (French): one space between sentences, and French typography's spaces before the
high punctuation: a narrow no-break space (U+202F) before ? ! ; and a no-break space (U+00A0)
before : (Imprimerie nationale's rules), so a line never breaks between a word and its "?".
    >>> join_french(["J'adore les chats violets.", "Où es-tu ?"])
    "J'adore les chats violets. Où es-tu\u202f?"
"""
from __future__ import annotations

import re

# Lowercased, without their final point. A point after one of these does not end a sentence
# when a capital follows ("Mr. Smith"); "etc." is left out: it usually does end one.
ABBREVIATIONS = frozenset("""
mr mrs ms mx dr prof st jr sr messrs mme mlle mgr rev hon gen col lt sgt capt cpt cmdr gov sen
rep pres vs v e.g eg i.e ie cf viz approx ca no nos vol pp fig figs dept univ inc ltd co corp
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
a.m p.m u.s u.k u.n ph.d b.a m.a mt ft
""".split())

_END = re.compile(r"(?:\.{3}|…|[.!?]+)[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_HIGH = re.compile(r"(?<=[^\s?!;])\s*([?!;]+)")   # French: a narrow no-break space before ? ! ;
_COLON = re.compile(r"(?<=\S)\s*:(?!\d)")          # ... a no-break space before : (not 10:30)


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the single point ending at `end` closes an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text[:end])
    if match is None:
        return False
    word = match.group(1)
    initial = len(word) == 1 and word.isupper() and word not in "IA"   # "So do I. We ..."
    return initial or word.lower() in ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each stripped, in order; [] for blank text."""
    text = " ".join(text.split())
    sentences, start = [], 0
    for match in _END.finditer(text):
        mark = match.group(0).rstrip("\"'”’»)]")
        if mark == "." and _is_abbreviation(text, match.start() + 1):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    return sentences + [rest] if rest else sentences


def join_french(sentences: list[str]) -> str:
    """French sentences as one text: single spaces between them, French spacing before
    ? ! ; : (the models write a plain space there, or none)."""
    joined = " ".join(s.strip() for s in sentences if s.strip())
    joined = _HIGH.sub(lambda m: "\u202f" + m.group(1), joined)
    return _COLON.sub("\u00a0:", joined)
