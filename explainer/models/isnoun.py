"""Is this word a noun? A feed-forward classifier on one word's spelling: one-to-one.

One fixed-size input, one output, no sequence and no state — the deck's conventional network:

    x = features(word) in {0, 1}^F      which spelling features the word has (multi-hot)
    z = ReLU(x W_1^T + b_1)             the deck's Neuron, F -> H
    p(noun | word) = softmax(z W_2^T + b_2)

The features are read off the word alone: its last 1-4 letters, first 2-3 letters, its shape
(`Xxxx`, `dd.dd`, ...) and its length; a feature seen fewer than `min_count` times in training is
not in the vocabulary and is ignored. "Noun" means the word's most frequent tag in UD English-EWT
is NOUN or PROPN. Being one-to-one, it gives "book" the same answer in "book a flight" and in
"a good book": that is what a recurrent tagger (many-to-many) adds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from .weights import Saved

CLASSES = ("not a noun", "noun")
MAX_WORD_CHARS = 40


def word_shape(word: str) -> str:
    """Capitals X, small letters x, digits d, anything else as itself; runs collapsed:
    "Apple" -> "Xx", "U.S." -> "X.X.", "3.5" -> "d.d", "e-mail" -> "x-x"."""
    shape = "".join("X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c
                    for c in word)
    return re.sub(r"(.)\1+", r"\1", shape)


def word_features(word: str) -> list[str]:
    """The named spelling features of one word (the input x before it becomes a vector)."""
    lower = word.lower()
    features = [f"shape={word_shape(word)}", f"length={min(len(word), 10)}"]
    features += [f"ends -{lower[-n:]}" for n in range(1, 5) if len(lower) > n]
    features += [f"starts {lower[:n]}-" for n in range(2, 4) if len(lower) > n]
    if word[:1].isupper():
        features.append("capitalised")
    return features


@dataclass(frozen=True)
class IsNounConfig:
    name: str = "isnoun"
    hidden_size: int = 32
    features: tuple[str, ...] = ()     # the feature vocabulary, index order

    @property
    def n_features(self) -> int:
        return len(self.features)


class IsNoun(Saved, nn.Module):
    """Saved as isnoun.safetensors + isnoun.json."""

    default_name, config_type = "isnoun", IsNounConfig

    def __init__(self, config: IsNounConfig):
        super().__init__()
        self.config = config
        self.index = {name: i for i, name in enumerate(config.features)}  # read-only
        self.hidden = nn.Linear(config.n_features, config.hidden_size)
        self.output = nn.Linear(config.hidden_size, len(CLASSES))

    def vectorize(self, words: list[str]) -> Tensor:
        """x: (B, F) multi-hot; features outside the vocabulary are dropped."""
        x = torch.zeros(len(words), self.config.n_features)
        for row, word in enumerate(words):
            ids = [self.index[f] for f in word_features(word) if f in self.index]
            x[row, ids] = 1.0
        return x

    def forward(self, x: Tensor) -> Tensor:
        """x (B, F) -> logits (B, 2)."""
        return self.output(torch.relu(self.hidden(x)))

    @torch.no_grad()
    def p_noun(self, words: list[str]) -> Tensor:
        """(B,) probability that each word (alone, out of context) is a noun."""
        x = self.vectorize(words).to(self.output.weight.device)
        return torch.softmax(self(x), dim=-1)[:, 1].cpu()

    def known_features(self, word: str) -> tuple[list[str], list[str]]:
        """(features in the vocabulary, features ignored) of one word."""
        names = word_features(word)
        return [f for f in names if f in self.index], [f for f in names if f not in self.index]

    @classmethod
    def config_from(cls, fields: dict) -> IsNounConfig:
        return IsNounConfig(**{**fields, "features": tuple(fields["features"])})  # a JSON list
