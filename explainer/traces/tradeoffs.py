"""Pros and cons, measured: sizes, timings, delay-task checkpoints, reading direction.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SizeTrace:
    """Parameters needed to read L words: one recurrent tagger for every L vs an MLP built for L."""
    lengths: np.ndarray                     # (n,) sentence lengths the tagger was run on
    rnn_parameters: int                     # the tagger's parameter count (the same for every L)
    rnn_outputs: tuple[tuple[int, ...], ...]  # (n,) shape of the tag scores it returned
    mlp_parameters: np.ndarray              # (n,) parameters of a fixed-input MLP for L words
    input_size: int                         # numbers per word (the tagger's e_t)
    hidden_size: int
    n_tags: int
    model: str


@dataclass(frozen=True)
class TimingTrace:
    """Seconds per sequence vs length: the recurrent step loop vs one self-attention layer."""
    lengths: np.ndarray                     # (n,)
    rnn_loop: np.ndarray                    # (n, repeats) the step loop, L sequential steps
    rnn_fused: np.ndarray                   # (n, repeats) torch's fused LSTM kernel (still L steps)
    attention: np.ndarray                   # (n, repeats) nn.MultiheadAttention, all L at once
    width: int                              # hidden size = attention embedding size
    heads: int
    device: str


@dataclass(frozen=True)
class DelayTrace:
    """Delay-task accuracy per delay, Elman vs LSTM, at one checkpoint of their training."""
    delays: np.ndarray                      # (n,)
    elman: np.ndarray                       # (n,) accuracy in [0, 1]
    lstm: np.ndarray                        # (n,)
    step: int                               # training steps of both networks
    steps: tuple[int, ...]                  # every checkpoint shipped
    trained_up_to: int                      # longest delay seen in training
    per_delay: int                          # fresh sequences scored per delay
    seed: int
    hidden_size: int
    device: str
    seconds: float

    def reach(self, cell: str, threshold: float = 0.95) -> int | None:
        """The longest delay d such that the network scores >= threshold at every delay <= d."""
        longest = None
        for delay, accuracy in zip(self.delays, getattr(self, cell)):
            if accuracy < threshold:
                break
            longest = int(delay)
        return longest


@dataclass(frozen=True)
class DirectionTrace:
    """The same sentence through a left-to-right and a bidirectional tagger (T tokens)."""
    tokens: tuple[str, ...]
    forward_tags: tuple[str, ...]           # "slide": reads left to right
    both_tags: tuple[str, ...]              # "best": reads both ways
    forward_prob: np.ndarray                # (T,) p of the forward tagger's tag
    both_prob: np.ndarray                   # (T,) p of the bidirectional tagger's tag
    forward_prefix_change: np.ndarray       # (T,) max |p(tag) full sentence - p(tag) prefix only|
    both_prefix_change: np.ndarray          # (T,) the same for the bidirectional tagger
    device: str

    @property
    def changed(self) -> np.ndarray:
        return np.array([a != b for a, b in zip(self.forward_tags, self.both_tags)])
