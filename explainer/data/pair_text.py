"""English and French text <-> tokens for the translators.

Both sides are lowercased (the model never has to learn "Je" and "je" apart); the French output is
cased again afterwards from a table of each word's usual written form (`truecase_table`: "tom" ->
"Tom", "paris" -> "Paris") and a capital at the start of each sentence.

English (the source), clitics split off as in the Penn Treebank:
    "I don't know Tom's dog."  ->  i do n't know tom 's dog .
French (the target):
    elisions are their own tokens         "J'adore l'école."   -> j' adore l' école .
        but words that keep an apostrophe stay whole:   aujourd'hui, quelqu'un, prud'homme
    hyphenated pieces keep their hyphen   "Est-ce qu'il a-t-il" -> est -ce qu' il a -t -il
    accents are kept                      "Ça été"             -> ça été
Spaces: U+202F (narrow no-break), U+00A0 (no-break) and U+2009 (thin) before ! ? ; : are plain
spaces after `normalize_text`; curly apostrophes become straight ones.

`detokenize_french` reverses the French rules: elisions and hyphen pieces joined, no space before
. , and French spacing (one space) before ! ? ; : as most references write it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

_SPACES = {"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2007": " "}
_DROPPED = {"\u200b": "", "\u00ad": ""}                  # zero-width space, soft hyphen
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"}
_TRANSLATE = str.maketrans({**_SPACES, **_DROPPED, **_APOSTROPHES})

_ENGLISH_CLITIC = re.compile(r"(?<=\w)(n't|'(?:s|re|ve|ll|d|m))\b", re.IGNORECASE)
_ENGLISH_TOKEN = re.compile(r"n't|'(?:s|re|ve|ll|d|m)\b|\d+(?:[.,:]\d+)*|\w+(?:[-']\w+)*"
                            r"|\.\.\.|[^\w\s]", re.IGNORECASE)

ELISIONS = ("jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "qu", "c", "d", "j", "l", "m",
            "n", "s", "t")
_FRENCH_TOKEN = re.compile(
    r"(?<![\w'])(?:" + "|".join(ELISIONS) + r")'(?=\w)"   # j' l' qu' ... before a word
    r"|(?<=\w)-\w+"                                      # -ce -tu -t -il -être
    r"|\d+(?:[.,:]\d+)*"                                 # 3,5 10:30
    r"|\w+(?:'\w+)*"                                     # aujourd'hui, quelqu'un, école
    r"|\.\.\.|[^\w\s]", re.IGNORECASE)

SENTENCE_END = {".", "!", "?", "..."}
_NO_SPACE_BEFORE = {".", ",", ")", "..."}


def normalize_text(text: str) -> str:
    """NFC, straight apostrophes, every kind of space a plain one, collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return " ".join(text.split())


def tokenize_english(text: str) -> list[str]:
    text = _ENGLISH_CLITIC.sub(r" \1", normalize_text(text))
    return [t.lower() for t in _ENGLISH_TOKEN.findall(text)]


def tokenize_french(text: str, lower: bool = True) -> list[str]:
    tokens = _FRENCH_TOKEN.findall(normalize_text(text))
    return [t.lower() for t in tokens] if lower else tokens


def english_words(text: str) -> int:
    """Length of an English sentence in words, as the length buckets count it: whitespace-
    separated pieces ("Don't go!" is 2 words)."""
    return len(text.split())


def _joined(previous: str | None, token: str) -> bool:
    """Whether `token` is written against `previous` with no space."""
    if previous is None:
        return True
    if previous.endswith("'") or previous == "(":
        return True
    if token.startswith("-") and len(token) > 1:
        return True
    return token in _NO_SPACE_BEFORE


def truecase_table(sentences: Iterable[str]) -> dict[str, str]:
    """{lowercased token: its usual written form} for tokens whose usual form is not lowercase,
    counted where capitals carry meaning: not at the start of a sentence."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for text in sentences:
        tokens = tokenize_french(text, lower=False)
        for i, token in enumerate(tokens):
            if i == 0 or tokens[i - 1] in SENTENCE_END:
                continue
            forms[token.lower()][token] += 1
    table = {}
    for lower, counts in forms.items():
        best = max(counts, key=lambda form: (counts[form], form == lower))
        if best != lower:
            table[lower] = best
    return table


def _capitalize(token: str) -> str:
    return token[:1].upper() + token[1:]


def detokenize_french(tokens: Iterable[str], truecase: dict[str, str] | None = None) -> str:
    """Tokens (lowercase) -> a French sentence: cased, elisions and hyphens joined, French spacing.

    >>> detokenize_french(["j'", "adore", "paris", "!"], {"paris": "Paris"})
    "J'adore Paris !"
    """
    truecase = truecase or {}
    out: list[str] = []
    previous: str | None = None
    sentence_start, quote_open = True, False
    for token in tokens:
        word = truecase.get(token, token)
        if sentence_start and any(c.isalpha() for c in word):
            word, sentence_start = _capitalize(word), False
        if token == '"':        # "straight quotes" hug what they quote
            glued = previous is None or quote_open
            quote_open = not quote_open
        else:
            glued = _joined(previous, token) or (previous == '"' and quote_open)
        if out and not glued:
            out.append(" ")
        out.append(word)
        if token in SENTENCE_END:
            sentence_start = True
        previous = token
    return "".join(out)
