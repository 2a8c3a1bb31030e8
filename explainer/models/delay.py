"""The delay task: remember the first symbol through `delay` distractors (a long-term dependency).

A sequence is  [s, n_1, ..., n_delay, ?]:  s is one of A B C D (what to remember), each n_i one of
w x y z (noise to ignore), and ? asks for s. The network reads it one-hot, one symbol a step,

    h_t = cell(x_t, h_{t-1})                 an Elman or an LSTM cell, the same hidden size
    p(s | sequence) = softmax(W h_T + b)     read at the final "?" only

so the answer depends on an input `delay + 1` steps back. Chance is 1/4. Through an Elman cell the
gradient that would teach it to keep s is multiplied by the recurrent Jacobian at every step and
vanishes (Bengio, Simard & Frasconi 1994); the LSTM's cell state, c_t = f * c_{t-1} + i * g,
carries it when the forget gate stays near 1 (Hochreiter & Schmidhuber 1997).

The app ships each network at several points of its training (`DelayCheckpoints`) and scores
them live on fresh sequences, so the view shows how accuracy at each delay grows with training.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from .cells import Step
from .recurrent import Recurrent, RecurrentConfig
from .weights import Saved

SYMBOLS = ("A", "B", "C", "D")          # to remember
NOISE = ("w", "x", "y", "z")            # to ignore
QUERY = "?"
ALPHABET = SYMBOLS + NOISE + (QUERY,)   # one-hot index order


@dataclass(frozen=True)
class DelayConfig:
    cell: str = "lstm"                  # "elman" | "lstm"
    hidden_size: int = 64
    max_delay: int = 40                 # the longest delay seen in training

    @property
    def name(self) -> str:
        return f"delay-{self.cell}"


@dataclass(frozen=True)
class DelayBatch:
    ids: Tensor                         # (B, delay + 2) indices into ALPHABET
    targets: Tensor                     # (B,) index of the symbol to recall, in SYMBOLS


# Sequences run through the step loop at once when scoring: it keeps every step's record, so
# 512 sequences of delay 80 at once held ~140 MB; 64 at a time hold ~20 MB, same scores.
EVAL_BATCH = 64


def make_batch(delay: int, batch_size: int, generator: torch.Generator) -> DelayBatch:
    """`batch_size` random sequences [s, noise x delay, ?] (drawn from `generator`)."""
    targets = torch.randint(len(SYMBOLS), (batch_size,), generator=generator)
    noise = len(SYMBOLS) + torch.randint(len(NOISE), (batch_size, delay), generator=generator)
    query = torch.full((batch_size, 1), ALPHABET.index(QUERY))
    return DelayBatch(torch.cat([targets[:, None], noise, query], dim=1), targets)


class DelayNet(nn.Module):
    def __init__(self, config: DelayConfig):
        super().__init__()
        self.config = config
        self.rnn = Recurrent(RecurrentConfig(config.cell, len(ALPHABET), config.hidden_size))
        self.classifier = nn.Linear(config.hidden_size, len(SYMBOLS))

    @staticmethod
    def one_hot(ids: Tensor) -> Tensor:
        return F.one_hot(ids, len(ALPHABET)).float()                   # (B, T, |ALPHABET|)

    def forward(self, ids: Tensor) -> Tensor:
        """Logits (B, 4) at the final "?", through the fused kernel (training)."""
        B, T = ids.shape
        lengths = torch.full((B,), T, dtype=torch.long)
        outputs = self.rnn.forward_fused(self.one_hot(ids), lengths)   # (B, T, H)
        return self.classifier(outputs[:, -1])

    @torch.no_grad()
    def explain(self, ids: Tensor) -> tuple[Tensor, list[list[Step]]]:
        """The same logits (B, 4) through the step loop, with every step record."""
        outputs, _, records = self.rnn(self.one_hot(ids))              # (B, T, H)
        return self.classifier(outputs[:, -1]), records


class DelayCheckpoints(Saved, nn.Module):
    """One network at several points of its training: `at(step)` is the DelayNet after `step`
    optimiser steps. Saved together as delay-<cell>.safetensors + .json; `load(cell)`."""

    prefix, config_type = "delay-", DelayConfig

    def __init__(self, config: DelayConfig, steps: tuple[int, ...]):
        super().__init__()
        self.config, self.steps = config, tuple(steps)
        self.nets = nn.ModuleDict({f"step_{s}": DelayNet(config) for s in self.steps})

    def at(self, step: int) -> DelayNet:
        return self.nets[f"step_{step}"]

    @property
    def asset_name(self) -> str:
        return self.config.cell

    def saved_fields(self) -> dict:
        return {"steps": list(self.steps)}

    @classmethod
    def rebuild(cls, config: DelayConfig, saved: dict, vocab) -> DelayCheckpoints:
        return cls(config, tuple(saved["steps"]))


@torch.no_grad()
def accuracy_by_delay(model: DelayNet, delays: list[int], per_delay: int,
                      seed: int) -> list[float]:
    """Accuracy at each delay on `per_delay` fresh sequences drawn with `seed`, through the
    step loop (the network's explainable path), EVAL_BATCH sequences at a time."""
    device = model.classifier.weight.device
    generator = torch.Generator().manual_seed(seed)
    scores = []
    for delay in delays:
        batch = make_batch(delay, per_delay, generator)
        predicted = torch.cat([model.explain(ids.to(device))[0].argmax(-1).cpu()
                               for ids in batch.ids.split(EVAL_BATCH)])
        scores.append((predicted == batch.targets).float().mean().item())
    return scores
