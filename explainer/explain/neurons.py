"""The first view's computations: shapes through both slide neurons, and statefulness."""
from __future__ import annotations

import torch

from . import seeded
from ..device import choose_device, describe, gpu
from ..models.neurons import Neuron, RecurrentNeuron
from ..traces.neurons import ShapeTrace, StatefulTrace


@gpu
@torch.no_grad()
def explain_shapes(L: int, N: int, input_size: int, output_size: int) -> ShapeTrace:
    """Run both neurons on random data and read the shapes off the results."""
    device = choose_device()
    with seeded(0):
        linear = Neuron(input_size, output_size).to(device)
        recurrent = RecurrentNeuron(input_size, output_size).to(device)
        X = torch.randn(N, input_size).to(device)          # one fixed-size example per row
        X_seq = torch.randn(L, N, input_size).to(device)   # L steps of N examples
    y = linear(X)
    outputs, state = recurrent(X_seq)
    return ShapeTrace(L, N, input_size, output_size,
                      linear_input=tuple(X.shape), linear_output=tuple(y.shape),
                      recurrent_input=tuple(X_seq.shape), recurrent_outputs=tuple(outputs.shape),
                      recurrent_state=tuple(state.shape), device=describe(device))


@gpu
@torch.no_grad()
def explain_statefulness(repeats: int, seed: int, input_size: int = 3,
                         output_size: int = 4) -> StatefulTrace:
    """Feed one token `repeats` times, one step at a time, to untrained neurons (weights drawn
    with `seed`). The linear neuron answers the same every time; the recurrent one carries its
    state forward, so its answer to the same token changes."""
    device = choose_device()
    with seeded(seed):
        linear = Neuron(input_size, output_size).to(device)
        recurrent = RecurrentNeuron(input_size, output_size).to(device)
        token = torch.randn(1, input_size).to(device)       # (N=1, input_size)
    linear_out, recurrent_out, state = [], [], None
    for _ in range(repeats):
        linear_out.append(linear(token)[0])
        out, state = recurrent(token[None], state)           # one step: X is (L=1, 1, input)
        recurrent_out.append(out[0, 0])
    return StatefulTrace(token=token[0].cpu().numpy(),
                         linear_outputs=torch.stack(linear_out).cpu().numpy(),
                         recurrent_outputs=torch.stack(recurrent_out).cpu().numpy(),
                         seed=seed, device=describe(device))
