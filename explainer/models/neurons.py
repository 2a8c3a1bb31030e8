"""The deck's two code slides: a linear (fully connected) neuron and a recurrent neuron.

    z_FC = X W^T + b                      y = sigmoid(z_FC)       stateless
    z_R  = x_t W_x^T + b + h_{t-1} W_h^T  h_t = tanh(z_R)         stateful

`SLIDE_NEURON` and `SLIDE_RECURRENT_NEURON` are the slides' code, character for character (the
second is marked "Untested code." on its slide). `Neuron` and `RecurrentNeuron` are ours: the
slides' code with each mistake in `MISTAKES` fixed, plus docstrings, shape comments, biases that
start at zero and a first state made on X's device; the app shows them from this source file. explain/neurons.py executes
the slides' code to show what each mistake does.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

SLIDE_NEURON = '''\
class Neuron(torch.Module):
    def __init__(self, input_size, output_size):
        self.W = torch.randn(output_size, input_size) * 0.01
        self.b = torch.randn(output_size, 1) * 0.01

    def forward(self, X):
        linear = X @ self.W.T + self.b.T
        return F.sigmoid(linear)
'''

SLIDE_RECURRENT_NEURON = '''\
class RecurrentNeuron():
    def __init__(self, input_size, output_size):
        self.Wx = torch.randn(output_size, input_size) * 0.01
        self.Wh = torch.randn(output_size, output_size) * 0.01
        self.bh = torch.zeros(output_size, 1)
        self.output_size = output_size


    def forward(self, X, state=None):
        L, N, input_size = X.shape
        if not state:
            state = torch.zeros(N, self.output_size)

        output_sequence = []
        for x_t in X:
            state = F.tanh(x_t @ self.Wx + state @ self.Wh + self.bh)
            output_sequence.append(state)

        return torch.tensor(output_sequence), state
'''


class Neuron(nn.Module):
    """A fully connected layer of `output_size` sigmoid neurons: no state, no notion of time."""

    def __init__(self, input_size, output_size):
        super().__init__()
        self.W = nn.Parameter(torch.randn(output_size, input_size) / input_size ** 0.5)
        self.b = nn.Parameter(torch.zeros(output_size, 1))   # a column, added as a row

    def forward(self, X):
        linear = X @ self.W.T + self.b.T    # X: (N, input_size) -> (N, output_size)
        return F.sigmoid(linear)


class RecurrentNeuron(nn.Module):
    """`output_size` Elman neurons: the output at step t is fed back in at step t+1."""

    def __init__(self, input_size, output_size):
        super().__init__()
        self.Wx = nn.Parameter(torch.randn(output_size, input_size) / input_size ** 0.5)
        self.Wh = nn.Parameter(torch.randn(output_size, output_size) / output_size ** 0.5)
        self.bh = nn.Parameter(torch.zeros(output_size))
        self.output_size = output_size

    def forward(self, X: Tensor, state: Tensor | None = None):
        L, N, input_size = X.shape          # state: (N, output_size) or None
        if state is None:                   # a tensor has no single truth value
            state = X.new_zeros(N, self.output_size)   # on X's device

        output_sequence = []
        for x_t in X:                       # x_t: (N, input_size)
            state = F.tanh(x_t @ self.Wx.T + state @ self.Wh.T + self.bh)
            output_sequence.append(state)

        return torch.stack(output_sequence), state     # (L, N, output_size), (N, output_size)


@dataclass(frozen=True)
class Fix:
    slide: str      # text found exactly once in the slide's code
    ours: str       # the text that replaces it, found in our class above


@dataclass(frozen=True)
class SlideMistake:
    key: str                # names its demonstration in explain/neurons.py
    slide: str              # "Neuron", "RecurrentNeuron" or "both"
    title: str
    why: str
    fixes: tuple[Fix, ...]


_SUPER = Fix("def __init__(self, input_size, output_size):\n",
            "def __init__(self, input_size, output_size):\n        super().__init__()\n")
_INIT_FIXES = (Fix("torch.randn(output_size, input_size) * 0.01",
                   "torch.randn(output_size, input_size) / input_size ** 0.5"),
               Fix("torch.randn(output_size, output_size) * 0.01",
                   "torch.randn(output_size, output_size) / output_size ** 0.5"))

MISTAKES = (
    SlideMistake("torch_module", "Neuron", "`torch.Module` does not exist",
                 "Modules live in torch.nn: the class statement itself fails.",
                 (Fix("class Neuron(torch.Module):", "class Neuron(nn.Module):"),)),
    SlideMistake("no_super", "Neuron", "no `super().__init__()`",
                 "nn.Module.__init__ sets up the module's bookkeeping (its parameters, hooks). "
                 "Without it the slide's object is built, but calling it fails; and once the "
                 "weights are nn.Parameters (mistake 3), building it fails too.",
                 (_SUPER,)),
    SlideMistake("neuron_tensors", "Neuron", "weights are plain tensors, not parameters",
                 "Only nn.Parameter attributes are registered, so the module has nothing to train "
                 "and an optimizer refuses it.",
                 (Fix("self.W = torch.randn(output_size, input_size) * 0.01",
                      "self.W = nn.Parameter(torch.randn(output_size, input_size)"
                      " / input_size ** 0.5)"),
                  Fix("self.b = torch.randn(output_size, 1) * 0.01",
                      "self.b = nn.Parameter(torch.zeros(output_size, 1))"))),
    SlideMistake("plain_class", "RecurrentNeuron", "a plain class, not an nn.Module",
                 "Without nn.Module there is no `__call__` (so `neuron(X)` fails; only "
                 "`neuron.forward(X)` runs) and no parameters: the weights are tensors that "
                 "autograd does not track, so nothing can be trained.",
                 (Fix("class RecurrentNeuron():", "class RecurrentNeuron(nn.Module):"),
                  _SUPER,
                  Fix("self.Wx = torch.randn(output_size, input_size) * 0.01",
                      "self.Wx = nn.Parameter(torch.randn(output_size, input_size)"
                      " / input_size ** 0.5)"),
                  Fix("self.Wh = torch.randn(output_size, output_size) * 0.01",
                      "self.Wh = nn.Parameter(torch.randn(output_size, output_size)"
                      " / output_size ** 0.5)"),
                  Fix("self.bh = torch.zeros(output_size, 1)",
                      "self.bh = nn.Parameter(torch.zeros(output_size))"))),
    SlideMistake("not_state", "RecurrentNeuron", "`if not state:` asks a tensor for a truth value",
                 "With no state given, `not None` is True and all goes well; a caller who passes "
                 "a state of more than one number gets an error. Ask what is meant: is there a "
                 "state yet?",
                 (Fix("if not state:", "if state is None:"),)),
    SlideMistake("transpose", "RecurrentNeuron", "`x_t @ self.Wx` where the slide's equation "
                 "says x W_xᵀ",
                 "W_x is (output_size, input_size) and x_t is (N, input_size), so x_t needs W_xᵀ, "
                 "as in the slide's own z_R = x W_xᵀ + b + h W_hᵀ. Without it: a shape error when "
                 "input_size ≠ output_size, and a silently transposed W_x when they are equal. "
                 "`state @ self.Wh` is transposed too, always silently (W_h is square).",
                 (Fix("x_t @ self.Wx + state @ self.Wh + self.bh",
                      "x_t @ self.Wx.T + state @ self.Wh.T + self.bh"),)),
    SlideMistake("bias_column", "RecurrentNeuron", "a bias of shape (output_size, 1)",
                 "x_t W_xᵀ is (N, output_size); adding an (output_size, 1) column broadcasts "
                 "both ways instead of adding one bias per neuron: an error, or with one example "
                 "an (output_size, output_size) state; with N = output_size the shapes come out "
                 "right and example n gets neuron n's bias. (The Neuron slide transposes its "
                 "bias, `self.b.T`; this one does not.)",
                 (Fix("torch.zeros(output_size, 1)", "torch.zeros(output_size)"),)),
    SlideMistake("tensor_of_tensors", "RecurrentNeuron", "`torch.tensor` of a list of tensors",
                 "torch.tensor turns each list element into one Python number, which only a "
                 "one-element tensor can become; torch.stack joins the per-step states along a "
                 "new time axis.",
                 (Fix("torch.tensor(output_sequence)", "torch.stack(output_sequence)"),)),
    SlideMistake("small_init", "both", "weights drawn × 0.01",
                 "A pre-activation sums fan_in terms, so with weights of ~0.01 it is of size "
                 "~0.01·√fan_in: near 0 unless fan_in runs into the thousands. Then the sigmoid "
                 "answers ≈ 0.5 to every input and h_t stays near 0, and the gradient from h_t "
                 "back to h_{t-1}, diag(tanh′)·W_h, is no larger than W_h's largest singular "
                 "value (~0.01·2√output_size): each step back multiplies it by at most that. Ours "
                 "divides by √fan_in, so pre-activations are of order 1 at any size (torch's "
                 "nn.Linear draws within ±1/√fan_in, nn.RNN within ±1/√hidden_size).",
                 _INIT_FIXES),
)


def patched(code: str, fixes) -> str:
    """The slide's `code` with `fixes` applied, each to the one place its text occurs."""
    for fix in fixes:
        if code.count(fix.slide) != 1:
            raise ValueError(f"{fix.slide!r} occurs {code.count(fix.slide)} times, not once")
        code = code.replace(fix.slide, fix.ours)
    return code


def mistake(key: str) -> SlideMistake:
    return next(m for m in MISTAKES if m.key == key)
