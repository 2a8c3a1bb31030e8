"""One gated layer and direction on one sentence (gates view): an LSTM tagger's, or the GRU
encoder of a translator.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np


def _previous(values: np.ndarray, direction: int) -> np.ndarray:
    """The state each step read, in sentence order: h_{t-1} reading left to right, h_{t+1}
    reading right to left; zeros where the reading starts."""
    zeros = np.zeros_like(values[:1])
    if direction == 0:
        return np.concatenate([zeros, values[:-1]])
    return np.concatenate([values[1:], zeros])


@dataclass(frozen=True)
class GateTrace:
    """One LSTM layer and direction of a tagger on one sentence (T tokens, H units).

    Gates and states come from the cell's step records: nothing recomputed. The two parts of
    each pre-activation are the cell's own affine maps of what that step read (the parts add up
    to what the step squashed: tested)."""
    kind: ClassVar[str] = "lstm"
    gate_order: ClassVar[tuple[str, ...]] = ("input_gate", "forget_gate", "candidate",
                                             "output_gate")   # torch.nn.LSTM's i, f, g, o
    model: str
    layer: int
    direction: int                          # 0 left-to-right, 1 right-to-left
    tokens: tuple[str, ...]
    input_gate: np.ndarray                  # i_t in [0, 1]
    forget_gate: np.ndarray                 # f_t in [0, 1]
    candidate: np.ndarray                   # g_t in [-1, 1]
    output_gate: np.ndarray                 # o_t in [0, 1]
    cell: np.ndarray                        # c_t
    hidden: np.ndarray                      # h_t = o_t * tanh(c_t)
    device: str
    seconds: float
    input_part: np.ndarray                  # (T, 4, H) x_t W_ih^T + b_ih, blocks i, f, g, o
    recurrent_part: np.ndarray              # (T, 4, H) h_prev W_hh^T + b_hh, blocks i, f, g, o

    def previous(self, name: str) -> np.ndarray:
        """c or h of the step read before, in sentence order: c_{t-1} left to right, c_{t+1}
        right to left (zeros before the first token read)."""
        return _previous(getattr(self, name), self.direction)


@dataclass(frozen=True)
class GRUGateTrace:
    """One direction of a translator's GRU encoder on one English sentence (T of the encoder's
    tokens, H units per direction). Gates and h_t from the cell's step records; the parts as in
    GateTrace, blocks in torch.nn.GRU's order r, z, n."""
    kind: ClassVar[str] = "gru"
    gate_order: ClassVar[tuple[str, ...]] = ("reset_gate", "update_gate", "candidate")
    layer: ClassVar[int] = 0                # the encoder has one (bidirectional) layer
    model: str                              # the translator: "attention" or "plain"
    direction: int                          # 0 left-to-right, 1 right-to-left
    tokens: tuple[str, ...]                 # the encoder's tokens (subword pieces)
    unknown: tuple[bool, ...]               # not in the translator's vocabulary: read as <unk>
    reset_gate: np.ndarray                  # r_t in [0, 1]
    update_gate: np.ndarray                 # z_t in [0, 1]
    candidate: np.ndarray                   # n_t in [-1, 1]
    hidden: np.ndarray                      # h_t = (1 - z_t) * n_t + z_t * h_prev
    device: str
    seconds: float
    input_part: np.ndarray                  # (T, 3, H) x_t W_ih^T + b_ih, blocks r, z, n
    recurrent_part: np.ndarray              # (T, 3, H) h_prev W_hh^T + b_hh, blocks r, z, n

    def previous(self, name: str) -> np.ndarray:
        """h of the step read before, in sentence order (h_{t+1} right to left)."""
        return _previous(getattr(self, name), self.direction)


AnyGateTrace = GateTrace | GRUGateTrace
