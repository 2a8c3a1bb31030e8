"""Sentences -> padded id tensors for the taggers (B = sentences, T = longest sentence,
N = real words in the batch, L = longest word in characters)."""
from __future__ import annotations

from dataclasses import dataclass, fields

import torch
from torch import Tensor
from torch.nn.utils.rnn import pad_sequence

from .vocab import TaggerVocab, normalize, shape, suffix

IGNORE = -100  # CrossEntropyLoss's ignore_index: padded positions carry no tag


@dataclass(frozen=True)
class EncodedSentence:
    words: Tensor          # (T,) each a long tensor
    shapes: Tensor         # (T,)
    suffixes: Tensor       # (T,)
    chars: list[list[int]] # T lists of character ids, a word's length each
    tags: Tensor | None    # (T,)


@dataclass(frozen=True)
class TaggerBatch:
    words: Tensor          # (B, T) ids in vocab.words, 0 = <pad>
    shapes: Tensor         # (B, T)
    suffixes: Tensor       # (B, T)
    mask: Tensor           # (B, T) bool, True on real words
    chars: Tensor          # (N, L) characters of the real words, in reading order
    char_lengths: Tensor   # (N,)
    tags: Tensor | None    # (B, T) tag ids, IGNORE on padding; None when untagged

    @property
    def lengths(self) -> Tensor:
        return self.mask.sum(dim=1)   # (B,)

    def to(self, device) -> TaggerBatch:
        return TaggerBatch(**{f.name: None if getattr(self, f.name) is None
                              else getattr(self, f.name).to(device) for f in fields(self)})


def _clip(word: str, max_chars: int) -> str:
    """Very long words (URLs) keep their start and their end, where the clues are."""
    if len(word) <= max_chars:
        return word
    half = max_chars // 2
    return word[:half] + word[len(word) - (max_chars - half):]


def encode_sentence(vocab: TaggerVocab, words: list[str], tags: list[str] | None = None,
                    max_word_chars: int = 20) -> EncodedSentence:
    if not words:
        raise ValueError("a sentence needs at least one word")
    as_tensor = lambda ids: torch.tensor(ids, dtype=torch.long)
    return EncodedSentence(
        words=as_tensor(vocab.words.encode(normalize(w) for w in words)),
        shapes=as_tensor(vocab.shapes.encode(shape(w) for w in words)),
        suffixes=as_tensor(vocab.suffixes.encode(suffix(w) for w in words)),
        chars=[vocab.chars.encode(_clip(w, max_word_chars)) for w in words],
        tags=None if tags is None else as_tensor(vocab.tags.encode(tags)))


def collate(sentences: list[EncodedSentence]) -> TaggerBatch:
    pad = lambda name, value=0: pad_sequence([getattr(s, name) for s in sentences],
                                             batch_first=True, padding_value=value)
    chars = [c for s in sentences for c in s.chars]
    longest = max(map(len, chars))
    tagged = all(s.tags is not None for s in sentences)
    return TaggerBatch(
        words=pad("words"), shapes=pad("shapes"), suffixes=pad("suffixes"),
        mask=pad_sequence([torch.ones(len(s.words), dtype=torch.bool) for s in sentences],
                          batch_first=True),
        chars=torch.tensor([c + [0] * (longest - len(c)) for c in chars], dtype=torch.long),
        char_lengths=torch.tensor([len(c) for c in chars], dtype=torch.long),
        tags=pad("tags", IGNORE) if tagged else None)


def make_batch(vocab: TaggerVocab, sentences: list[list[str]],
               tags: list[list[str]] | None = None, max_word_chars: int = 20) -> TaggerBatch:
    tags = tags if tags is not None else [None] * len(sentences)
    return collate([encode_sentence(vocab, w, t, max_word_chars)
                    for w, t in zip(sentences, tags)])
