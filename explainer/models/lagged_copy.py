"""The lagged-copy task of the truncated-BPTT view: at every step, the symbol seen D steps ago.

A sequence of random symbols x_1 … x_T (seeded); at every step t >= D the network must output
x_{t−D}, so each answer depends on an input exactly D steps back. The network is the from-scratch
Elman cell with a linear read-out, trained with cross-entropy:
    h_t = tanh(x_t W_ih^T + b_ih + h_{t−1} W_hh^T + b_hh),   p(symbol_t) = softmax(W_y h_t + b_y)

(Not the delay task of models/delay.py, which asks once, at the end, for the first symbol.)
Truncation (see explainer.models.bptt): `truncate=k` cuts the gradient every k steps.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from .bptt import new_cell, open_unroll

SYMBOLS = 4            # chance accuracy 1/4
LENGTH = 20            # T: steps per sequence; k >= LENGTH is full BPTT
HIDDEN = 32
BATCH = 32
IGNORE = -100          # the target at t < D: nothing to recall yet


@dataclass(frozen=True)
class LaggedCopyBatch:
    inputs: Tensor      # (B, T, SYMBOLS) one-hot x_t
    targets: Tensor     # (B, T) x_{t−D}, IGNORE for t < D


def lagged_copy_batch(rng: np.random.Generator, delay: int, batch: int = BATCH,
                      length: int = LENGTH) -> LaggedCopyBatch:
    symbols = torch.as_tensor(rng.integers(0, SYMBOLS, size=(batch, length)))
    targets = torch.full((batch, length), IGNORE, dtype=torch.long)
    targets[:, delay:] = symbols[:, :length - delay]
    return LaggedCopyBatch(nn.functional.one_hot(symbols, SYMBOLS).float(), targets)


class LaggedCopyNet(nn.Module):
    """The Elman cell and a read-out, both drawn from `seed` (the same weights for every k)."""

    def __init__(self, seed: int):
        super().__init__()
        self.cell = new_cell("elman", SYMBOLS, HIDDEN, seed)
        self.readout = nn.Linear(HIDDEN, SYMBOLS)
        generator = torch.Generator().manual_seed(seed + 1)
        bound = 1.0 / HIDDEN ** 0.5
        with torch.no_grad():
            for p in self.readout.parameters():
                p.uniform_(-bound, bound, generator=generator)

    def forward(self, inputs: Tensor, truncate: int | None = None) -> Tensor:
        """Logits (B, T, SYMBOLS); truncate=k cuts the gradient every k steps."""
        return self.readout(open_unroll(self.cell, inputs, truncate).outputs)
