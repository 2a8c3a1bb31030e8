"""Train/dev splits, one rule per corpus; each is the same on every machine and in every run.

- UD English-EWT comes split: `find_split` finds its *-train.conllu or *-dev.conllu.
- tiny Shakespeare: the first 90% trains, the last 10% is dev (nanoGPT's shakespeare_char split).
- Tatoeba pairs, for translation: a hash of the lowercased English sentence, so every
  translation of one English sentence lands on the same side (the dev set never asks for a
  sentence the model saw in training with another translation):
      dev  if  md5(SPLIT_SALT + english) mod 1000 < DEV_PER_MILLE
- Tatoeba sentences, for language identification: a pair is dev when the CRC-32 of its English
  side is 0 mod 20 (5%), so a sentence and its translation never sit on both sides.
"""
from __future__ import annotations

import hashlib
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pairs import Pair

SPLIT_SALT = "rnn-explainer/tatoeba-eng-fra/v1:"
DEV_PER_MILLE = 50                    # 5 % of English sentences go to dev
TRAIN_FRACTION = 0.9                  # of a plain text


def find_split(data: str | Path, split: str) -> Path:
    """The one *-{split}.conllu file in the folder `data`."""
    found = sorted(Path(data).glob(f"*-{split}.conllu"))
    if len(found) != 1:
        raise SystemExit(f"expected one *-{split}.conllu in {data}, found {len(found)}")
    return found[0]


def split_text(text: str) -> tuple[str, str]:
    """(train, dev): the first 90% of the characters, then the rest."""
    cut = int(len(text) * TRAIN_FRACTION)
    return text[:cut], text[cut:]


def is_dev(english: str) -> bool:
    """The translation split of one pair, from its English side."""
    key = (SPLIT_SALT + " ".join(english.lower().split())).encode("utf-8")
    return int(hashlib.md5(key).hexdigest()[:8], 16) % 1000 < DEV_PER_MILLE


def split_pairs(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(train, dev) for translation, each in corpus order."""
    dev_flags = [is_dev(p.english) for p in pairs]
    return ([p for p, d in zip(pairs, dev_flags) if not d],
            [p for p, d in zip(pairs, dev_flags) if d])


def is_language_dev(english: str) -> bool:
    """The language-identification split of one pair, from its English side (untouched)."""
    return zlib.crc32(english.encode()) % 20 == 0
