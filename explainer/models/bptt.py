"""Backpropagation through time in the real cells: the step loop kept open for autograd.

The loss L at one step reaches every earlier hidden state only through the chain of steps after it:
    ∂L/∂h_t = ∂L/∂h_{t+1} · ∂h_{t+1}/∂h_t                   (and through c_t in an LSTM)
and a weight used at every step gets one term per use:
    ∂L/∂W_hh = Σ_t ∂L/∂W_hh^(t)                            W_hh^(t): the copy step t read
`open_unroll` runs the cells' own forward step by step, keeps the very state tensors that the next
step reads (so `.grad` on them is ∂L/∂h_t after backward) and gives each step its own alias of W_hh
(so its `.grad` is that step's term; a trainable W_hh still gets the sum). `unroll` in cells.py
stacks the states, and the gradient of a stacked copy is not the gradient of the tensor the next
step used: hence this second loop.

Truncated BPTT (Williams & Peng 1990; the `bptt` length of PyTorch's word-language-model example)
cuts the sequence into chunks of k steps: the state is carried forward, but detached, so a loss in
a chunk sends no gradient to steps before the chunk began.

Why a gradient vanishes or explodes (Pascanu, Mikolov & Bengio 2013, "On the difficulty of
training recurrent neural networks"). States are row vectors, as on the deck's slide
h_t = x_t v_x^T + h_{t-1} v_h^T + b (v_h is W_hh). One step back multiplies the row gradient by
the step's Jacobian, entry (i, j) = ∂h_{t,i}/∂h_{t-1,j}:
    ∂L/∂h_{t-1} = ∂L/∂h_t · J_t,      J_t = diag(φ'(a_t)) W_hh                  (Elman)
    ‖J_t‖₂ <= max φ'(a_t) · σ_max(W_hh)
so σ_max(W_hh) · max φ' < 1 guarantees vanishing; > 1 is necessary for exploding, not sufficient.
The LSTM's cell has a second path, c_t = f_t ⊙ c_{t-1} + …: ∂c_t/∂c_{t-1} = diag(f_t) with h_{t-1}
held fixed (the GRU's h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}: diag(z_t)).

Everything that changes a cell (its activation, the spectral radius of W_hh) works on a private
copy: the loaded models are shared by every user and never change.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from .cells import ElmanCell, ElmanStep, RecurrentCell

ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "identity": lambda a: a}
SLOPES = {"tanh": lambda a: 1 - torch.tanh(a) ** 2,          # φ'(a); relu'(0) = 0 as in torch
          "relu": lambda a: (a > 0).to(a.dtype), "identity": torch.ones_like}
BLOCK_NAMES = {"elman": ("W_hh",), "lstm": ("W_hi", "W_hf", "W_hg", "W_ho"),
               "gru": ("W_hr", "W_hz", "W_hn")}     # W_hh's H x H blocks, in torch's gate order
CARRY_GATE = {"lstm": "forget_gate", "gru": "update_gate"}   # the diagonal path's gate


class ElmanActivationCell(ElmanCell):
    """The Elman cell with another φ: h_t = φ(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)."""

    def __init__(self, input_size: int, hidden_size: int, activation: str, bias: bool = True):
        super().__init__(input_size, hidden_size, bias)
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        self.activation = activation

    def forward(self, x_t: Tensor, state: Tensor,
                weight_hh: Tensor | None = None) -> tuple[Tensor, ElmanStep]:
        xw, hw = self._affine(x_t, state, weight_hh)
        a = xw + hw
        h = ACTIVATIONS[self.activation](a)
        return h, ElmanStep(pre_activation=a, hidden=h)


def recurrent_blocks(cell: RecurrentCell) -> list[Tensor]:
    """W_hh as its H x H blocks, one per gate (i, f, g, o / r, z, n); one block for Elman."""
    return list(cell.weight_hh.detach().chunk(cell.gates, dim=0))


def spectral_radius(matrix: Tensor) -> float:
    """max |eigenvalue|: above 1 the linearised recurrence grows, below 1 it shrinks."""
    return float(torch.linalg.eigvals(matrix.double().cpu()).abs().max())


def block_radii(cell: RecurrentCell) -> tuple[float, ...]:
    """The spectral radius of each gate's block of W_hh."""
    return tuple(spectral_radius(block) for block in recurrent_blocks(cell))


def private_copy(cell: RecurrentCell, dtype=torch.float64, activation: str | None = None,
                 radius: float | None = None,
                 radii: tuple[float, ...] | None = None) -> RecurrentCell:
    """A copy of `cell` to change freely. activation: Elman only, another φ; radius: every
    gate's block of W_hh rescaled to that spectral radius (radii: the blocks' radii now, if
    already known: eigenvalues cost milliseconds)."""
    if activation is not None and activation != "tanh":
        if cell.kind != "elman":
            raise ValueError(f"only the Elman cell has a choice of activation, not {cell.kind}")
        own = ElmanActivationCell(cell.input_size, cell.hidden_size, activation,
                                  bias=cell.bias_ih is not None).to(cell.weight_hh.device)
        own.load_state_dict(cell.state_dict())
    else:
        own = copy.deepcopy(cell)
    own = own.to(dtype)
    for p in own.parameters():
        p.requires_grad_(False)
    if radius is not None:
        radii = radii or block_radii(own)
        with torch.no_grad():
            for block, now in zip(own.weight_hh.chunk(own.gates, dim=0), radii):
                block.mul_(radius / now)                          # views: scaled in place
    return own


def elman_jacobians(cell: RecurrentCell, pre_activations: Tensor) -> tuple[Tensor, Tensor]:
    """(φ'(a_t) (T, H), J_t = ∂h_t/∂h_{t-1} = diag(φ'(a_t)) W_hh (T, H, H)) of an Elman cell,
    from its pre-activations a_t (T, H); entry (i, j) of J_t is ∂h_{t,i}/∂h_{t-1,j}."""
    slopes = SLOPES[getattr(cell, "activation", "tanh")](pre_activations.detach())
    return slopes, slopes[:, :, None] * cell.weight_hh.detach()


def spectral_norms(matrices: Tensor) -> Tensor:
    """‖M‖₂ = σ_max(M) of each matrix in (..., H, H): the square root of the largest eigenvalue of
    M Mᵀ (symmetric: eigvalsh, faster here than an SVD, equal to ~1e-15)."""
    finite = torch.isfinite(matrices).flatten(-2).all(-1)          # an overflowed run: NaN
    safe = torch.where(finite[..., None, None], matrices, torch.zeros_like(matrices))
    norms = torch.linalg.eigvalsh(safe @ safe.mT)[..., -1].clamp(min=0).sqrt()
    return torch.where(finite, norms, torch.full_like(norms, float("nan")))


def path_norms(jacobians: Tensor, k: int) -> Tensor:
    """(k + 1,) ‖J_k ⋯ J_{t+1}‖₂ for t = 0 … k: the largest factor by which walking back from
    step k to step t can scale any gradient (t = k: the empty product, 1)."""
    H = jacobians.shape[-1]
    product, products = torch.eye(H, dtype=jacobians.dtype, device=jacobians.device), []
    for t in range(k, -1, -1):
        products.append(product)
        if t:
            product = product @ jacobians[t]
    return spectral_norms(torch.stack(products[::-1]))


def detach_state(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


@dataclass(frozen=True)
class OpenUnroll:
    """What `open_unroll` kept, step t = 0 … T-1. After a backward pass, `.grad` of states[t] is
    ∂L/∂(state after step t) and of weights[t] the term of ∂L/∂W_hh from step t (None: no path)."""
    states: list                  # per step: h_t (B, H), or (h_t, c_t) for the LSTM
    weights: list[Tensor]         # per step: the alias of W_hh it read (gates*H, H);
                                  # empty under torch.no_grad()
    outputs: Tensor               # (B, T, H) the h_t, stacked (for read-outs and losses)
    steps: list = ()              # per step: the cell's step record (gates, pre-activation)


def open_unroll(cell: RecurrentCell, xs: Tensor, truncate: int | None = None) -> OpenUnroll:
    """Run `cell` over xs (B, T, input_size) keeping every state for autograd (see module doc).
    truncate=k: the state is detached before steps k, 2k, … (chunks of k steps). Under
    torch.no_grad() it is the plain step loop (nothing to keep)."""
    B, T, _ = xs.shape
    state = cell.initial_state(B, device=xs.device, dtype=xs.dtype)
    shared = cell.weight_hh
    states, weights, hidden, steps = [], [], [], []
    for t in range(T):
        if truncate and t and t % truncate == 0:
            state = detach_state(state)
        if torch.is_grad_enabled():
            # this step's W_hh: a view, not a copy (the LSTM's is 512 x 128). A trainable W_hh
            # still gets the sum of the steps' terms through the view; a frozen one is aliased
            # as a new leaf per step (one shared leaf made autograd's backward slower than
            # summing the terms afterwards)
            weight = (shared.view_as(shared) if shared.requires_grad else
                      shared.detach().requires_grad_(True))
            if not weight.is_leaf:
                weight.retain_grad()
            state, step = cell(xs[:, t], state, weight_hh=weight)
            for tensor in (state if isinstance(state, tuple) else (state,)):
                tensor.retain_grad()
            weights.append(weight)
        else:
            state, step = cell(xs[:, t], state)
        states.append(state)
        steps.append(step)
        hidden.append(cell.hidden_of(state))
    return OpenUnroll(states, weights, torch.stack(hidden, dim=1), steps)


def grad_norms(tensors: list[Tensor], stack: bool = True) -> Tensor:
    """‖.grad‖ per tensor (over every dimension); 0 where no gradient arrived. stack: in one op
    (for small tensors such as the states; stacking every step's W_hh term would copy them all)."""
    if stack:
        grads = [t.grad if t.grad is not None else torch.zeros_like(t) for t in tensors]
        return torch.linalg.vector_norm(torch.stack(grads).flatten(1), dim=1)
    return torch.stack([t.grad.norm() if t.grad is not None else t.new_zeros(())
                        for t in tensors]).detach()


def new_cell(kind: str, input_size: int, hidden_size: int, seed: int,
             activation: str = "tanh") -> RecurrentCell:
    """An untrained cell with torch's default init, drawn from its own seeded generator."""
    from .cells import CELLS
    cell = (ElmanActivationCell(input_size, hidden_size, activation) if kind == "elman"
            else CELLS[kind](input_size, hidden_size))
    generator = torch.Generator().manual_seed(seed)
    bound = 1.0 / hidden_size ** 0.5
    with torch.no_grad():
        for p in cell.parameters():
            p.uniform_(-bound, bound, generator=generator)
    return cell


def readout_logits(hidden: Tensor, classifier: nn.Linear) -> Tensor:
    """A linear read-out of h (B, H) in h's dtype, without touching the shared classifier."""
    return nn.functional.linear(hidden, classifier.weight.to(hidden.dtype),
                                classifier.bias.to(hidden.dtype))


def readout_loss(hidden: Tensor, classifier: nn.Linear, target: Tensor) -> Tensor:
    """Cross-entropy of the linear read-out of h (B, H) against target (B,) class indices."""
    return nn.functional.cross_entropy(readout_logits(hidden, classifier), target)
