"""One gated layer and direction of a tagger on one sentence (LSTM gates view).

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GateTrace:
    """One LSTM layer and direction of a tagger on one sentence (T tokens, H units).

    Every array is (T, H) and comes from the cell's step records: nothing recomputed."""
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

    def previous(self, name: str) -> np.ndarray:
        """c_{t-1} or h_{t-1} in reading order (zeros before the first token read)."""
        values = getattr(self, name)
        zeros = np.zeros_like(values[:1])
        if self.direction == 0:
            return np.concatenate([zeros, values[:-1]])
        return np.concatenate([values[1:], zeros])
