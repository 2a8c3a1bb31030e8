"""An English sentence translated step by step (translation view).

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DecodingTrace:
    """One English sentence translated step by step (S source tokens, T output steps, k
    alternatives per step)."""
    model: str                              # "attention" | "plain"
    source: tuple[str, ...]                 # (S,) what the encoder read
    unknown_source: np.ndarray              # (S,) bool: not in the English vocabulary
    target: tuple[str, ...]                 # (T,) what the decoder wrote, "</s>" last if done
    text: str                               # the detokenised, cased French
    attention: np.ndarray | None            # (T, S) rows sum to 1; None for the plain model
    top_k_words: tuple[tuple[str, ...], ...]  # (T, k) most probable first
    top_k_probs: np.ndarray                 # (T, k)
    decoding: str                           # "greedy" | "beam search (5)"
    device: str
    seconds: float
