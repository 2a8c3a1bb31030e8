"""Run a model on the user's input (no gradients, eval mode) and return a trace."""
from __future__ import annotations

import threading
from contextlib import contextmanager

import torch

_RNG_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int):
    """Draw from torch's global generator with `seed`, safe while other requests run: the lock
    keeps two users' draws from interleaving and fork_rng leaves the global state as it was."""
    with _RNG_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield
