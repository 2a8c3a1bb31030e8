"""Vocabularies: strings <-> integer ids, saved as JSON beside a model's weights.

Id 0 is `<pad>` (filler after a short sentence) and id 1 is `<unk>` (anything not seen often
enough in training). The tag vocabulary has neither: a tagger must always answer with one of
the 17 real tags, and padded positions are masked out of the loss instead.

A tagger looks a word up in several vocabularies at once (`TaggerVocab`):
    words      normalized form (lowercase, digits -> 0): "Paris" -> "paris", "1984" -> "0000"
    shapes     spelling pattern:   "Paris" -> "Xx", "U.S." -> "X.X.", "3.5" -> "d.d"
    suffixes   last 3 letters of the normalized form: "walked" -> "ked"
    chars      the word's characters, as written
so a word never seen in training still arrives with its shape, ending and letters.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PAD, UNK = "<pad>", "<unk>"
SUFFIX_LENGTH = 3
MAX_SHAPE_LENGTH = 6


def normalize(word: str) -> str:
    return re.sub(r"\d", "0", word.lower())


def shape(word: str) -> str:
    """Upper -> X, lower -> x, digit -> d, others kept; runs collapsed: "McDonald's" -> "XxXx'x"."""
    classes = ["X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
               for c in word]
    collapsed = [c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1]]
    return "".join(collapsed[:MAX_SHAPE_LENGTH])


def suffix(word: str) -> str:
    return normalize(word)[-SUFFIX_LENGTH:]


@dataclass
class Vocab:
    tokens: list[str]
    unk: bool = True                        # whether unseen strings map to <unk>
    index_of: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self):
        self.index_of = {token: i for i, token in enumerate(self.tokens)}
        if len(self.index_of) != len(self.tokens):
            raise ValueError("a vocabulary lists each token once")

    @classmethod
    def build(cls, counts: Counter, min_count: int = 1, specials: bool = True) -> Vocab:
        """Specials first, then tokens seen at least min_count times, most frequent first."""
        kept = sorted((t for t, n in counts.items() if n >= min_count),
                      key=lambda t: (-counts[t], t))
        return cls(([PAD, UNK] if specials else []) + kept, unk=specials)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, token: str) -> int:
        if self.unk:
            return self.index_of.get(token, 1)
        return self.index_of[token]

    def encode(self, tokens: Iterable[str]) -> list[int]:
        return [self[t] for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids]


@dataclass
class TaggerVocab:
    words: Vocab
    shapes: Vocab
    suffixes: Vocab
    chars: Vocab
    tags: Vocab                            # no <pad>/<unk>: the 17 UPOS tags

    @classmethod
    def build(cls, sentences, tags: Iterable[str], min_word_count: int = 2,
              min_suffix_count: int = 2, min_char_count: int = 2) -> TaggerVocab:
        """From training sentences (each with `.words`); `tags` fixes the tag order."""
        words, shapes, suffixes, chars = Counter(), Counter(), Counter(), Counter()
        for sentence in sentences:
            for w in sentence.words:
                words[normalize(w)] += 1
                shapes[shape(w)] += 1
                suffixes[suffix(w)] += 1
                chars.update(w)
        return cls(Vocab.build(words, min_word_count), Vocab.build(shapes),
                   Vocab.build(suffixes, min_suffix_count), Vocab.build(chars, min_char_count),
                   Vocab(list(tags), unk=False))

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tables = {name: getattr(self, name).tokens
                  for name in ("words", "shapes", "suffixes", "chars", "tags")}
        path.write_text(json.dumps(tables, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> TaggerVocab:
        tables = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**{name: Vocab(tokens, unk=name != "tags") for name, tokens in tables.items()})
