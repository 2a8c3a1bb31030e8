"""The self-study questions' own computation: a neuron run on the shape a student proposed.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShapeRun:
    """One of the deck's neurons (ours, corrected) run on a random tensor of a given shape."""
    neuron: str                             # "Neuron" | "RecurrentNeuron"
    input_size: int
    output_size: int
    input_shape: tuple[int, ...]            # the shape it was given
    output_shape: tuple[int, ...] | None    # what it returned (the output sequence); None: failed
    state_shape: tuple[int, ...] | None     # RecurrentNeuron's final state; None otherwise
    error: str                              # "" or the exception torch raised, as one line
    device: str
