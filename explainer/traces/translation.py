"""English text translated step by step (translation view).

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DecodingTrace:
    """One English sentence translated step by step (S source tokens, T output steps, k
    alternatives per step). Tokens are the model's own: words, or subword pieces."""
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
    probabilities: np.ndarray | None = None  # (T,) p(the word written) at each step
    unit: str = "word"                      # "word" | "piece": what one token is
    summed: str = ""                        # on words made of pieces: how attention was summed


@dataclass(frozen=True)
class BeamTreeTrace:
    """Every hypothesis a beam kept at each step (N nodes; S source tokens)."""
    source: tuple[str, ...]                 # (S,) what the encoder read
    tokens: tuple[str, ...]                 # (N,) the token each node added
    parents: np.ndarray                     # (N,) int: index of the parent node, -1 for <s>
    steps: np.ndarray                       # (N,) int: output position, 0-based
    log_probabilities: np.ndarray           # (N,) log p(prefix | x) of the node's prefix
    attention: np.ndarray | None            # (N, S) the a_t that chose the node's token
    ended: np.ndarray                       # (N,) bool: a finished hypothesis (</s>)
    pruned: np.ndarray                      # (N,) bool: no finished hypothesis grew from it
    winner: np.ndarray                      # (N,) bool: on the best hypothesis' path
    beam_size: int                          # 1 = greedy
    prefixes: tuple[str, ...] = ()          # (N,) each node's prefix as the model writes it
    unit: str = "word"                      # "word" | "piece": what one entry of `source` is


@dataclass(frozen=True)
class WordNote:
    """A word the model knows badly: outside its vocabulary, or read in pieces."""
    side: str                               # "English" | "French"
    word: str                               # as written
    pieces: tuple[str, ...]                 # the model's tokens for it
    seen: tuple[int, ...]                   # per piece: times training saw it; -1: not stored
    known: bool                             # False: outside the vocabulary (<unk>)


@dataclass(frozen=True)
class TextTranslationTrace:
    """English text of one or more sentences, translated by both models (n sentences)."""
    sentences: tuple[str, ...]              # (n,) the English, as split
    attention_texts: tuple[str, ...]        # (n,) the attention model's French
    plain_texts: tuple[str, ...]            # (n,) the plain model's French
    attention_text: str                     # all sentences joined, French spacing
    plain_text: str
    shown: int                              # the sentence drawn step by step, 0-based
    steps: DecodingTrace                    # the attention model on that sentence
    tree: BeamTreeTrace                     # its beam
    notes: tuple[WordNote, ...]             # words of every sentence the models know badly
    vocabulary: dict                        # {"English": size, "French": size, "unit": ...}
    decoding: str
    device: str
    seconds: float
