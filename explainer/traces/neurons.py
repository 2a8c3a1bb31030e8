"""The feed-forward vs recurrent view: shapes seen by running the slide neurons, and the same
token fed again and again.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ShapeTrace:
    """Shapes seen by running both slide neurons on random inputs of the chosen sizes."""
    L: int                                  # sequence length
    N: int                                  # batch size
    input_size: int
    output_size: int
    linear_input: tuple[int, ...]           # (N, input_size)
    linear_output: tuple[int, ...]          # (N, output_size)
    recurrent_input: tuple[int, ...]        # (L, N, input_size)
    recurrent_outputs: tuple[int, ...]      # (L, N, output_size)
    recurrent_state: tuple[int, ...]        # (N, output_size)
    device: str


@dataclass(frozen=True)
class StatefulTrace:
    """The same token fed `repeats` times to an untrained linear and recurrent neuron."""
    token: np.ndarray                       # (input_size,)
    linear_outputs: np.ndarray              # (repeats, output_size)
    recurrent_outputs: np.ndarray           # (repeats, output_size)
    rerun_difference: float                 # max |outputs - outputs of the whole sequence run
                                            # again in one call from the same h0|: 0 if same
    seed: int                               # of the untrained, random weights
    device: str

    @property
    def repeats(self) -> int:
        return self.linear_outputs.shape[0]
