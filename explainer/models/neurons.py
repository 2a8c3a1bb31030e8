"""The deck's two code slides: a linear (fully connected) neuron and a recurrent neuron.

    z_FC = X W^T + b                      y = sigmoid(z_FC)       stateless
    z_R  = x_t W_x^T + b + h_{t-1} W_h^T  h_t = tanh(z_R)         stateful

`Neuron` and `RecurrentNeuron` below are the corrected slide code, and the app shows them from this
source file. `SLIDE_RECURRENT_NEURON` is the slide's version as written (it was marked "untested");
`slide_bugs()` runs each of its mistakes for real and returns the error or wrong shape it causes.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn


class Neuron(nn.Module):
    """A fully connected layer of `output_size` sigmoid neurons: no state, no notion of time."""

    def __init__(self, input_size: int, output_size: int):
        super().__init__()
        self.W = nn.Parameter(torch.randn(output_size, input_size) / input_size ** 0.5)
        self.b = nn.Parameter(torch.zeros(output_size))

    def forward(self, X: Tensor) -> Tensor:
        # X: (N, input_size) -> (N, output_size)
        return torch.sigmoid(X @ self.W.T + self.b)


class RecurrentNeuron(nn.Module):
    """`output_size` Elman neurons: the output at step t is fed back in at step t+1."""

    def __init__(self, input_size: int, output_size: int):
        super().__init__()
        self.Wx = nn.Parameter(torch.randn(output_size, input_size) / input_size ** 0.5)
        self.Wh = nn.Parameter(torch.randn(output_size, output_size) / output_size ** 0.5)
        self.b = nn.Parameter(torch.zeros(output_size))

    def forward(self, X: Tensor, state: Tensor | None = None):
        # X: (L, N, input_size); state: (N, output_size) or None
        outputs = []
        for x_t in X:                      # x_t: (N, input_size)
            if state is None:              # a tensor has no truth value
                state = x_t.new_zeros(x_t.shape[0], self.Wh.shape[0])
            state = torch.tanh(x_t @ self.Wx.T + self.b + state @ self.Wh.T)
            outputs.append(state)
        return torch.stack(outputs), state  # (L, N, out), (N, out)


SLIDE_RECURRENT_NEURON = '''\
class RecurrentNeuron(torch.Module):  # untested
    def __init__(self, input_size, output_size):
        super().__init__()
        self.Wx = torch.nn.Parameter(torch.randn(output_size, input_size))
        self.Wh = torch.nn.Parameter(torch.randn(output_size, output_size))
        self.b = torch.nn.Parameter(torch.zeros(output_size, 1))

    def forward(self, X, state=None):
        outputs = []
        for x_t in X:
            if not state:
                state = torch.zeros(self.Wh.shape[0])
            state = torch.tanh(x_t @ self.Wx + self.b + state @ self.Wh)
            outputs.append(state)
        return torch.tensor(outputs), state
'''


@dataclass(frozen=True)
class SlideBug:
    title: str
    slide_code: str     # the line as the slide has it
    fixed_code: str     # the line in RecurrentNeuron above
    why: str
    what_happens: str   # measured by running the mistake, not written by hand


def _outcome(run) -> str:
    """Run one mistake; report the exception it raises or the value it silently returns."""
    try:
        result = run()
    except Exception as error:  # the point is to show whatever torch says
        return f"{type(error).__name__}: {error}"
    return f"no error, but {result}"


def slide_bugs(N: int = 2, input_size: int = 3, output_size: int = 4) -> list[SlideBug]:
    """The slide's five mistakes, each executed on tensors of the given sizes."""
    g = torch.Generator().manual_seed(0)
    x_t = torch.randn(N, input_size, generator=g)
    Wx = torch.randn(output_size, input_size, generator=g)
    state = torch.zeros(N, output_size)
    bias_column = torch.zeros(output_size, 1)
    steps = [torch.randn(N, output_size, generator=g) for _ in range(3)]
    return [
        SlideBug("torch has no Module class", "class RecurrentNeuron(torch.Module):",
                 "class RecurrentNeuron(nn.Module):",
                 "Modules live in torch.nn; torch.Module does not exist.",
                 _outcome(lambda: torch.Module)),
        SlideBug("`if not state` on a tensor", "if not state:", "if state is None:",
                 "After the first step the state is a tensor of many values, and Python cannot "
                 "decide whether it is 'false'. Ask the question you mean: is there a state yet?",
                 _outcome(lambda: not state)),
        SlideBug("`x_t @ self.Wx` with Wx shaped (out, in)", "x_t @ self.Wx",
                 "x_t @ self.Wx.T",
                 f"x_t is (N, in) = {tuple(x_t.shape)}, Wx is (out, in) = {tuple(Wx.shape)}: "
                 "the inner sizes must match, so multiply by the transpose, as nn.Linear does.",
                 _outcome(lambda: x_t @ Wx)),
        SlideBug("a (out, 1) bias", "torch.zeros(output_size, 1)", "torch.zeros(output_size)",
                 "x_t W_x^T is (N, out); adding an (out, 1) column broadcasts both ways instead "
                 "of adding one bias per neuron. Measured here for one example (N = 1), where it "
                 "fails silently:",
                 _outcome(lambda: f"the state's shape becomes "
                                  f"{tuple((x_t[:1] @ Wx.T + bias_column).shape)} "
                                  f"instead of {(1, output_size)}")),
        SlideBug("`torch.tensor` of a list of tensors", "torch.tensor(outputs)",
                 "torch.stack(outputs)",
                 "torch.tensor builds a tensor from numbers, not from other tensors; "
                 "torch.stack joins the per-step outputs along a new time axis.",
                 _outcome(lambda: torch.tensor(steps))),
    ]
