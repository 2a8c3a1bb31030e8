"""Pros and cons, measured: sizes, timings, delay-task checkpoints, reading direction.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SizeTrace:
    """Parameters needed to read L words: one recurrent tagger for every L, an MLP over the whole
    sentence built for L, and a window MLP (one size, but blind beyond its window)."""
    lengths: np.ndarray                     # (n,) sentence lengths the tagger was run on
    rnn_parameters: int                     # the tagger's parameter count (the same for every L)
    rnn_outputs: tuple[tuple[int, ...], ...]  # (n,) shape of the tag scores it returned
    mlp_parameters: np.ndarray              # (n,) parameters of an MLP over all L words at once
    window: int                             # words a window MLP sees around the one it tags
    window_parameters: int                  # its parameters, the same for every L
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
    gold: tuple[str, ...] | None = None     # (T,) our gold tags for this sentence, when known

    @property
    def changed(self) -> np.ndarray:
        return np.array([a != b for a, b in zip(self.forward_tags, self.both_tags)])

    def right(self, tags: tuple[str, ...]) -> np.ndarray | None:
        """(T,) bool: which of `tags` equal the gold tags (None when gold is unknown)."""
        return None if self.gold is None else np.array([a == g for a, g in zip(tags, self.gold)])

    def outcomes(self) -> dict[str, list[int]]:
        """Word indices by who is right: "both_only", "forward_only", "neither", "both"."""
        if self.gold is None:
            return {}
        f, b = self.right(self.forward_tags), self.right(self.both_tags)
        return {"both_only": np.flatnonzero(b & ~f).tolist(),
                "forward_only": np.flatnonzero(f & ~b).tolist(),
                "neither": np.flatnonzero(~f & ~b).tolist(), "both": np.flatnonzero(f & b).tolist()}
