"""Truncated BPTT on a synthetic delay task: what the truncation length k does to learning.

The task (generated here, seeded): a sequence of random symbols x_1 … x_T; at every step t >= D
the network must output x_{t−D}, the symbol it saw D steps ago. The network is the from-scratch
Elman cell with a linear read-out, trained with cross-entropy:
    h_t = tanh(x_t W_ih^T + b_ih + h_{t−1} W_hh^T + b_hh),   p(symbol_t) = softmax(W_y h_t + b_y)

Truncation (see explainer.models.bptt): the sequence is cut into chunks of k steps; the state flows
on, the gradient does not. A loss at position j of a chunk (j = 0 … k−1) reaches back j steps, so
with k <= D no loss ever sends gradient to the input it needs. Gradients of all chunks of a batch
are summed before one update, so every k sees the same data and the same number of updates: only
where the gradient is cut differs. Bounded in steps and seconds; the model lives only in the
generator (nothing global), and every k starts from the same seeded weights.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator

import numpy as np
import torch
from torch import Tensor, nn

from ..models.bptt import new_cell, open_unroll

SYMBOLS = 4            # chance accuracy 1/4
LENGTH = 20            # T: steps per sequence; k >= LENGTH is full BPTT
HIDDEN = 32
BATCH = 32
MAX_DELAY = 8
STEPS = 150            # updates per run: full BPTT gets D = 4 right in ~60, D = 8 in ~150
EVAL_EVERY = 10
MAX_SECONDS = 6.0      # a hard stop for a loaded server; a run takes ~2 s on one free core
IGNORE = -100


@dataclass(frozen=True)
class DelayBatch:
    inputs: Tensor      # (B, T, SYMBOLS) one-hot x_t
    targets: Tensor     # (B, T) x_{t−D}, IGNORE for t < D


def delay_batch(rng: np.random.Generator, delay: int, batch: int = BATCH,
                length: int = LENGTH) -> DelayBatch:
    symbols = torch.as_tensor(rng.integers(0, SYMBOLS, size=(batch, length)))
    targets = torch.full((batch, length), IGNORE, dtype=torch.long)
    targets[:, delay:] = symbols[:, :length - delay]
    return DelayBatch(nn.functional.one_hot(symbols, SYMBOLS).float(), targets)


class DelayNet(nn.Module):
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


def loss_of(net: DelayNet, batch: DelayBatch, truncate: int | None) -> Tensor:
    logits = net(batch.inputs, truncate)
    return nn.functional.cross_entropy(logits.reshape(-1, SYMBOLS), batch.targets.reshape(-1),
                                       ignore_index=IGNORE)


@torch.no_grad()
def accuracy(net: DelayNet, batch: DelayBatch) -> float:
    predicted = net(batch.inputs).argmax(dim=-1)
    scored = batch.targets != IGNORE
    return float((predicted[scored] == batch.targets[scored]).float().mean())


@dataclass(frozen=True)
class TruncationProgress:
    step: int
    accuracy: float     # held-out, positions t >= D
    loss: float         # of the last training batch
    seconds: float
    done: bool
    stopped: str = ""


def check_run(delay: int, truncate: int) -> None:
    if not 1 <= delay <= MAX_DELAY:
        raise ValueError(f"delay must be from 1 to {MAX_DELAY}")
    if not 1 <= truncate <= LENGTH:
        raise ValueError(f"k must be from 1 to {LENGTH} ({LENGTH}: full BPTT)")


def train_truncated(delay: int, truncate: int, seed: int = 0, steps: int = STEPS,
                    max_seconds: float = MAX_SECONDS, lr: float = 1e-2,
                    eval_every: int = EVAL_EVERY) -> Iterator[TruncationProgress]:
    """Train a fresh seeded DelayNet with truncation k; yield held-out accuracy every few
    updates. Same seed: same weights, same data, whatever k."""
    check_run(delay, truncate)
    net = DelayNet(seed)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    data = np.random.default_rng(seed)
    held_out = delay_batch(np.random.default_rng(seed + 10_000), delay, batch=256)
    start = time.perf_counter()
    yield TruncationProgress(0, accuracy(net, held_out), float("nan"), 0.0, False)
    for step in range(1, steps + 1):
        batch = delay_batch(data, delay)
        loss = loss_of(net, batch, truncate if truncate < LENGTH else None)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimizer.step()
        seconds = time.perf_counter() - start
        out_of_time = seconds > max_seconds
        if step % eval_every == 0 or step == steps or out_of_time:
            stopped = f"time limit of {max_seconds:.0f} s" if out_of_time and step < steps else ""
            yield TruncationProgress(step, accuracy(net, held_out), loss.item(), seconds,
                                     step == steps or out_of_time, stopped)
        if out_of_time:
            return
