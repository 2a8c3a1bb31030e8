"""From-scratch recurrent cells whose forward returns every number the explainer shows.

Elman (Elman 1990), as in torch.nn.RNN with tanh:
    h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)

LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000), gate order
i, f, g, o as in torch.nn.LSTM:
    i = sigmoid(x W_ii^T + b_ii + h W_hi^T + b_hi)      input gate
    f = sigmoid(x W_if^T + b_if + h W_hf^T + b_hf)      forget gate
    g = tanh   (x W_ig^T + b_ig + h W_hg^T + b_hg)      candidate
    o = sigmoid(x W_io^T + b_io + h W_ho^T + b_ho)      output gate
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)

GRU (Cho et al. 2014), gate order r, z, n as in torch.nn.GRU:
    r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)      reset gate
    z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)      update gate
    n = tanh   (x W_in^T + b_in + r * (h W_hn^T + b_hn)) candidate
    h_t = (1 - z) * n + z * h_{t-1}

Each cell's forward(x_t, state) -> (new_state, step); weight_hh= gives it another recurrent weight
to read for that step. The step record holds every intermediate;
`unroll` turns a sequence of steps into one record whose tensors carry a time axis. Parameter
names are torch.nn.*Cell's, so weights copy across one to one.

A cell type is one class: its equations in `forward`, its step record, its state's names (fields
of that record) and the name the screen gives it. The record's other fields are its gates
(`gate_fields`, read off the dataclass). `CELLS` registers it; `torch_module` names torch's
fused kernel for the same equations, if there is one (else training runs the step loop).
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import ClassVar

import torch
from torch import Tensor, nn


# ---- step records: what one time step computed (B = batch, H = hidden_size) -----------------

@dataclass(frozen=True)
class ElmanStep:
    pre_activation: Tensor  # (B, H) x W_ih^T + b_ih + h W_hh^T + b_hh
    hidden: Tensor          # (B, H)


@dataclass(frozen=True)
class LSTMStep:
    input_gate: Tensor      # (B, H) i, in [0, 1]
    forget_gate: Tensor     # (B, H) f, in [0, 1]
    candidate: Tensor       # (B, H) g, in [-1, 1]
    output_gate: Tensor     # (B, H) o, in [0, 1]
    cell: Tensor            # (B, H) c_t
    hidden: Tensor          # (B, H) h_t = o * tanh(c_t)


@dataclass(frozen=True)
class GRUStep:
    reset_gate: Tensor      # (B, H) r, in [0, 1]
    update_gate: Tensor     # (B, H) z, in [0, 1]
    candidate: Tensor       # (B, H) n, in [-1, 1]
    hidden: Tensor          # (B, H) h_t


Step = ElmanStep | LSTMStep | GRUStep


def stack_steps(steps: list[Step], dim: int = 1) -> Step:
    """One record from T records: every field (B, H) becomes (B, T, H) (stacked along `dim`)."""
    kind = type(steps[0])
    return kind(**{f.name: torch.stack([getattr(s, f.name) for s in steps], dim=dim)
                   for f in dataclasses.fields(kind)})


def select_steps(record: Step, index) -> Step:
    """The same record with every field indexed by `index` (e.g. one sentence of a batch)."""
    return type(record)(**{f.name: getattr(record, f.name)[index]
                           for f in dataclasses.fields(record)})


# ---- cells ---------------------------------------------------------------------------------

class RecurrentCell(nn.Module):
    """Weights laid out like torch.nn.RNNCell/LSTMCell/GRUCell: `gates` blocks of hidden_size rows."""

    gates: ClassVar[int]                    # blocks of hidden_size rows in W_ih and W_hh
    kind: ClassVar[str]                     # its name in configs: "lstm"
    display_name: ClassVar[str]             # its name on screen: "LSTM"
    step_type: ClassVar[type]               # the record forward returns: LSTMStep
    states: ClassVar[tuple[str, ...]] = ("hidden",)   # the state's parts, as record fields
    torch_module: ClassVar[type[nn.RNNBase] | None] = None   # torch's fused kernel, if any
    # read off the step record (see __init_subclass__)
    gate_fields: ClassVar[tuple[str, ...]]  # the record's fields that are not state
    has_cell_state: ClassVar[bool]          # an LSTM-like c_t beside h_t

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if hasattr(cls, "step_type"):
            names = [f.name for f in dataclasses.fields(cls.step_type)]
            missing = set(cls.states) - set(names)
            if missing:
                raise TypeError(f"{cls.__name__}: states {sorted(missing)} are not fields of "
                                f"{cls.step_type.__name__}")
            cls.gate_fields = tuple(n for n in names if n not in cls.states)
            cls.has_cell_state = "cell" in cls.states

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        rows = self.gates * hidden_size
        self.weight_ih = nn.Parameter(torch.empty(rows, input_size))
        self.weight_hh = nn.Parameter(torch.empty(rows, hidden_size))
        if bias:
            self.bias_ih = nn.Parameter(torch.empty(rows))
            self.bias_hh = nn.Parameter(torch.empty(rows))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        # torch's default: U(-1/sqrt(H), 1/sqrt(H)) for every weight and bias
        bound = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def _affine(self, x_t: Tensor, h: Tensor,
                weight_hh: Tensor | None = None) -> tuple[Tensor, Tensor]:
        """The two projections, kept apart because the GRU gates only the recurrent one.
        weight_hh: read instead of the cell's own (BPTT gives each step an alias of its own)."""
        xw = x_t @ self.weight_ih.T   # (B, gates*H)
        hw = h @ (self.weight_hh if weight_hh is None else weight_hh).T   # (B, gates*H)
        if self.bias_ih is not None:
            xw, hw = xw + self.bias_ih, hw + self.bias_hh
        return xw, hw

    def initial_state(self, batch_size: int, device=None, dtype=None):
        raise NotImplementedError

    @staticmethod
    def hidden_of(state) -> Tensor:
        """h_t out of whatever the state is (a tensor, or (h, c) for the LSTM)."""
        return state[0] if isinstance(state, tuple) else state

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}, bias={self.bias_ih is not None}"


class ElmanCell(RecurrentCell):
    gates, kind, display_name, step_type = 1, "elman", "Elman RNN", ElmanStep
    torch_module = nn.RNN

    def initial_state(self, batch_size, device=None, dtype=None) -> Tensor:
        return torch.zeros(batch_size, self.hidden_size, device=device, dtype=dtype)

    def forward(self, x_t: Tensor, state: Tensor,
                weight_hh: Tensor | None = None) -> tuple[Tensor, ElmanStep]:
        xw, hw = self._affine(x_t, state, weight_hh)
        a = xw + hw
        h = torch.tanh(a)
        return h, ElmanStep(pre_activation=a, hidden=h)


class LSTMCell(RecurrentCell):
    gates, kind, display_name, step_type = 4, "lstm", "LSTM", LSTMStep
    states = ("hidden", "cell")             # (h, c), in this order
    torch_module = nn.LSTM

    def initial_state(self, batch_size, device=None, dtype=None) -> tuple[Tensor, Tensor]:
        zeros = torch.zeros(batch_size, self.hidden_size, device=device, dtype=dtype)
        return zeros, zeros.clone()

    def forward(self, x_t: Tensor, state: tuple[Tensor, Tensor],
                weight_hh: Tensor | None = None):
        h, c = state
        xw, hw = self._affine(x_t, h, weight_hh)
        i, f, g, o = (xw + hw).chunk(4, dim=-1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        return (h, c), LSTMStep(input_gate=i, forget_gate=f, candidate=g, output_gate=o,
                                cell=c, hidden=h)


class GRUCell(RecurrentCell):
    gates, kind, display_name, step_type = 3, "gru", "GRU", GRUStep
    torch_module = nn.GRU

    def initial_state(self, batch_size, device=None, dtype=None) -> Tensor:
        return torch.zeros(batch_size, self.hidden_size, device=device, dtype=dtype)

    def forward(self, x_t: Tensor, state: Tensor,
                weight_hh: Tensor | None = None) -> tuple[Tensor, GRUStep]:
        xw, hw = self._affine(x_t, state, weight_hh)
        xr, xz, xn = xw.chunk(3, dim=-1)
        hr, hz, hn = hw.chunk(3, dim=-1)
        r = torch.sigmoid(xr + hr)
        z = torch.sigmoid(xz + hz)
        n = torch.tanh(xn + r * hn)
        h = (1 - z) * n + z * state
        return h, GRUStep(reset_gate=r, update_gate=z, candidate=n, hidden=h)


CELLS: dict[str, type[RecurrentCell]] = {c.kind: c for c in (ElmanCell, LSTMCell, GRUCell)}


# ---- the one loop --------------------------------------------------------------------------

def _keep(mask_t: Tensor, new, old):
    """Padding steps (mask False) leave the state as it was."""
    if isinstance(new, tuple):
        return tuple(_keep(mask_t, n, o) for n, o in zip(new, old))
    return torch.where(mask_t[:, None], new, old)


def unroll(cell: RecurrentCell, xs: Tensor, state=None, mask: Tensor | None = None,
           reverse: bool = False):
    """Run `cell` over a batch of sequences, one step at a time.

    xs: (B, T, input_size); mask: (B, T) bool, True on real tokens (right padding), or None.
    Returns (outputs (B, T, H), final_state, steps) where `steps` is one step record whose
    fields are (B, T, H), in time order even when reverse=True. With a mask, padded steps keep
    the previous state, so a reverse pass starts at each sequence's own last token.
    """
    B, T, _ = xs.shape
    if state is None:
        state = cell.initial_state(B, device=xs.device, dtype=xs.dtype)
    order = range(T - 1, -1, -1) if reverse else range(T)
    steps: list[Step | None] = [None] * T
    for t in order:
        new_state, step = cell(xs[:, t], state)
        if mask is not None:
            new_state = _keep(mask[:, t], new_state, state)
        state, steps[t] = new_state, step
    record = stack_steps(steps)
    return record.hidden, state, record
