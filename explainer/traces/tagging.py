"""A sentence through a trained tagger (POS and unrolled views), and a class's live training.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TaggingTrace:
    """One sentence through a trained tagger, step by step (T tokens, H hidden units)."""
    model: str                              # "slide" | "elman" | "best" | a class model
    cell: str                               # "lstm" | "elman" | ...
    cell_name: str                          # as on screen: "LSTM" | "Elman RNN" | ...
    has_cell_state: bool                    # a c_t beside h_t (the gates view shows it)
    tokens: tuple[str, ...]                 # (T,) as tokenized
    word_ids: np.ndarray                    # (T,) int, index in the word vocabulary
    unknown: np.ndarray                     # (T,) bool, word not in the vocabulary (<unk>)
    min_word_count: int                     # the vocabulary kept words seen >= this many times
    tag_names: tuple[str, ...]              # (n_tags,) the tag vocabulary, index order
    word_vectors: np.ndarray                # (T, word_dim) rows of the embedding table
    input_size: int                         # size of e_t (word vector plus any extra features)
    directions: int                         # 1: left to right; 2: bidirectional
    hidden: np.ndarray                      # (T, directions*H) the RNN's output per token (last
                                            # layer): [left-to-right ; right-to-left] when 2
    logits: np.ndarray                      # (T, n_tags) the linear layer's output
    probs: np.ndarray                       # (T, n_tags) softmax(logits)
    trajectory: np.ndarray                  # (T, 2) hidden states in the reference PCA plane
    device: str
    seconds: float                          # time of the traced forward pass

    @property
    def unknown_reason(self) -> str:
        """Why a word is not in this tagger's vocabulary: true whatever the word."""
        if self.min_word_count <= 1:
            return "never seen in training"
        return f"seen fewer than {self.min_word_count} times in training"

    @property
    def unknown_means(self) -> str:
        return f"not in the tagger's vocabulary ({self.unknown_reason})"

    @property
    def predicted(self) -> tuple[str, ...]:
        return tuple(self.tag_names[i] for i in self.probs.argmax(axis=1))


@dataclass(frozen=True)
class TrainingCurve:
    """Live training so far, one entry per epoch."""
    losses: tuple[float, ...]
    accuracies: tuple[float, ...]           # on the training sentences
    seconds: float
    stopped: str = ""                       # "" or why training stopped early
    done: bool = False                      # the run's last curve
