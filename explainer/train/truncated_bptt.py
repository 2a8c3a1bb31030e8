"""Truncated BPTT on a synthetic delay task: what the truncation length k does to learning.

The task and the network are in explainer.models.lagged_copy: at every step t >= D the network
must output x_{t−D}, the symbol it saw D steps ago.

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

from ..models.lagged_copy import (IGNORE, LENGTH, SYMBOLS, LaggedCopyBatch, LaggedCopyNet,
                                  lagged_copy_batch)

MAX_DELAY = 8
STEPS = 150            # updates per run: full BPTT gets D = 4 right in ~60, D = 8 in ~150
EVAL_EVERY = 10
MAX_SECONDS = 6.0      # a hard stop for a loaded server; a run takes ~2 s on one free core


def loss_of(net: LaggedCopyNet, batch: LaggedCopyBatch, truncate: int | None) -> Tensor:
    logits = net(batch.inputs, truncate)
    return nn.functional.cross_entropy(logits.reshape(-1, SYMBOLS), batch.targets.reshape(-1),
                                       ignore_index=IGNORE)


@torch.no_grad()
def accuracy(net: LaggedCopyNet, batch: LaggedCopyBatch) -> float:
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
    """Train a fresh seeded LaggedCopyNet with truncation k; yield held-out accuracy every few
    updates. Same seed: same weights, same data, whatever k."""
    check_run(delay, truncate)
    net = LaggedCopyNet(seed)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    data = np.random.default_rng(seed)
    held_out = lagged_copy_batch(np.random.default_rng(seed + 10_000), delay, batch=256)
    start = time.perf_counter()
    yield TruncationProgress(0, accuracy(net, held_out), float("nan"), 0.0, False)
    for step in range(1, steps + 1):
        batch = lagged_copy_batch(data, delay)
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
