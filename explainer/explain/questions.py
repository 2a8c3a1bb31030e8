"""What the self-study questions compute that no view does: the deck's neurons run on the input
shape a student proposed, to check their answer to the slides' "Input shape: / Output shape:"."""
from __future__ import annotations

import math

import torch

from . import seeded
from ..device import describe
from ..models.neurons import Neuron, RecurrentNeuron
from ..traces.questions import ShapeRun

NEURONS = {"Neuron": Neuron, "RecurrentNeuron": RecurrentNeuron}
MAX_DIMS = 5
MAX_ELEMENTS = 100_000      # of the input tensor; sizes of a neuron up to 64 x 64


@torch.no_grad()
def explain_shape_run(neuron: str, input_size: int, output_size: int,
                      shape: tuple[int, ...]) -> ShapeRun:
    """Run our `neuron`(input_size, output_size) on torch.randn(*shape) on the CPU (small: no GPU
    needed) and read the shapes off what it returns, or the error torch raises."""
    cls = NEURONS[neuron]
    if not (1 <= len(shape) <= MAX_DIMS and all(n >= 1 for n in shape)
            and math.prod(shape) <= MAX_ELEMENTS and 1 <= input_size <= 64
            and 1 <= output_size <= 64):
        raise ValueError(f"shape {shape} or sizes {input_size}, {output_size} out of range")
    device = torch.device("cpu")
    with seeded(0):
        model = cls(input_size, output_size)
        X = torch.randn(*shape)
    output = state = None
    error = ""
    try:
        answer = model(X)
        output, state = answer if isinstance(answer, tuple) else (answer, None)
    except (RuntimeError, ValueError, IndexError, TypeError) as exc:   # torch's shape errors
        error = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]
    return ShapeRun(neuron=neuron, input_size=input_size, output_size=output_size,
                    input_shape=tuple(shape),
                    output_shape=None if output is None else tuple(output.shape),
                    state_shape=None if state is None else tuple(state.shape),
                    error=error, device=describe(device))
