"""The paradigm gallery's mini-models on the user's input.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NounTrace:
    """One-to-one: each word alone through the feed-forward classifier (W words)."""
    words: tuple[str, ...]                  # (W,)
    p_noun: np.ndarray                      # (W,) p(noun | word)
    features: tuple[tuple[str, ...], ...]   # (W,) the spelling features it used
    ignored: tuple[tuple[str, ...], ...]    # (W,) features not in its vocabulary
    device: str
    seconds: float


@dataclass(frozen=True)
class GenerationTrace:
    """One-to-many: one seed character, N sampled characters (k candidates per step)."""
    seed: str                               # the one input
    text: str                               # (N,) characters sampled after it
    temperature: float
    sample_seed: int                        # of the random generator, for a rerun
    chosen_prob: np.ndarray                 # (N,) p of each sampled character
    top_chars: tuple[tuple[str, ...], ...]  # (N, k) the k likeliest next characters
    top_probs: np.ndarray                   # (N, k) their probabilities
    device: str
    seconds: float


@dataclass(frozen=True)
class LanguageTrace:
    """Many-to-one: a text read character by character (T characters after normalisation)."""
    text: str                               # (T,) what the model read (normalised)
    unknown: np.ndarray                     # (T,) bool, character outside its alphabet
    p_english: np.ndarray                   # (T,) p(English | first t characters)
    cut: bool                               # the input was longer than the model reads
    device: str
    seconds: float

    @property
    def answer(self) -> str:
        return "English" if self.p_english[-1] >= 0.5 else "French"
