"""Backpropagation through time: gradient flow through the taggers, the tiny RNN by hand,
truncated-BPTT runs.

The contract is in explainer/traces/__init__.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def decay_per_step(hidden_grad: np.ndarray, loss_step: int) -> float:
    """Geometric mean of ‖∂L/∂h_{t-1}‖ / ‖∂L/∂h_t‖ over the steps before the loss."""
    g = hidden_grad[:loss_step + 1]
    g = g[np.isfinite(g) & (g > 0)]
    if len(g) < 2:
        return float("nan")
    return float(np.exp(np.log(g[0] / g[-1]) / (len(g) - 1)))


@dataclass(frozen=True)
class GradientFlowTrace:
    """How much of the loss at one token reaches each earlier hidden state (T tokens).

    The loss is the cross-entropy at `loss_step` against the trained model's own tag there; norms
    after `loss_step` are NaN (the loss does not depend on them)."""
    model: str                          # what ran, as the UI names it
    cell: str                           # "elman" | "lstm" | "gru"
    cell_name: str                      # as on screen: "Elman RNN" | "LSTM" | "GRU"
    trained: bool                       # False: an untrained cell, or a changed activation
    changed: tuple[str, ...]            # what differs from the trained model, in words
    tokens: tuple[str, ...]             # (T,)
    loss_step: int                      # k, 0-based
    target_tag: str
    loss: float
    activation: str                     # φ of the Elman cell; "gated" for LSTM / GRU
    block_names: tuple[str, ...]        # W_hh's H x H blocks: ("W_hh",) Elman; ("W_hi", "W_hf",
                                        # "W_hg", "W_ho") LSTM; ("W_hr", "W_hz", "W_hn") GRU
    block_radii: tuple[float, ...]      # spectral radius (max |eigenvalue|) of each block, as run
    trained_block_radii: tuple[float, ...]  # the same of the model's own W_hh
    sigma_max: float | None             # largest singular value of W_hh as run, Elman only
    slopes: np.ndarray | None           # (T, H) φ'(a_t), Elman only (NaN after loss_step)
    jacobian_norm: np.ndarray | None    # (T,) ‖J_t‖₂, J_t = ∂h_t/∂h_{t-1}, Elman only
    path_norm: np.ndarray | None        # (T,) ‖J_k ⋯ J_{t+1}‖₂, k = loss_step, Elman only
    carry_gate: np.ndarray | None       # (T, H) f_t (LSTM) or z_t (GRU): the diagonal path
    trained_clip: float                 # the max norm of the tagger's training (all parameters)
    compared: tuple[tuple[str, float], ...]  # (cell, decay per step) of both trained taggers on
                                        # this sentence and loss token
    hidden_grad: np.ndarray             # (T,) ‖∂L/∂h_t‖
    cell_grad: np.ndarray | None        # (T,) ‖∂L/∂c_t‖, LSTM only
    weight_grad: np.ndarray             # (T,) ‖∂L/∂W_hh^(t)‖: the term from step t's use of W_hh
    weight_grad_total: float            # ‖∂L/∂W_hh‖ = ‖Σ_t ∂L/∂W_hh^(t)‖
    clip: float | None                  # max norm of ∂L/∂W_hh (clip_grad_norm_), None: off
    reference_grad: np.ndarray | None   # (T,) ‖∂L/∂h_t‖ of the unchanged model, if changed
    finite: bool                        # False: the forward or backward pass overflowed
    device: str
    seconds: float                      # forward + backward, both runs

    @property
    def clip_scale(self) -> float:
        """What clip_grad_norm_ multiplies the whole gradient by: min(1, clip / ‖g‖)."""
        if self.clip is None or not np.isfinite(self.weight_grad_total) \
                or self.weight_grad_total <= self.clip:
            return 1.0
        return self.clip / self.weight_grad_total

    @property
    def decay_per_step(self) -> float:
        """Geometric mean of ‖∂L/∂h_{t-1}‖ / ‖∂L/∂h_t‖ over the steps before the loss."""
        return decay_per_step(self.hidden_grad, self.loss_step)

    @property
    def spectral_radius(self) -> float:
        """The largest of the blocks' spectral radii, as run."""
        return max(self.block_radii)


@dataclass(frozen=True)
class ParameterTerms:
    """One parameter of the tiny RNN: its gradient as a sum over the steps that used it."""
    name: str                           # as on screen: "v_h", "W_h", …
    terms: np.ndarray                   # (T, *shape) the term of each step
    hand: np.ndarray                    # (*shape) Σ_t terms, derived by hand
    autograd: np.ndarray                # (*shape) what torch's autograd says


@dataclass(frozen=True)
class TinyBPTTTrace:
    """The deck's tiny RNN worked by hand (T steps, H units, I inputs; scalar: H = I = 1)."""
    activation: str
    xs: np.ndarray                      # (T, I)
    W_x: np.ndarray                     # (H, I)
    W_h: np.ndarray                     # (H, H)
    b: np.ndarray                       # (H,)
    u: np.ndarray                       # (H,) read-out; scalar: 1
    target: float                       # y
    pre_activation: np.ndarray          # (T, H) a_t
    slopes: np.ndarray                  # (T, H) φ'(a_t)
    hidden: np.ndarray                  # (T + 1, H) h_0 … h_T
    prediction: float                   # ŷ
    loss: float
    jacobians: np.ndarray               # (T, H, H) ∂h_t/∂h_{t−1}
    path_products: np.ndarray           # (T, H, H) ∂h_T/∂h_t
    hidden_grads: np.ndarray            # (T + 1, H) ∂L/∂h_t, by hand
    autograd_hidden_grads: np.ndarray   # (T + 1, H) the same by autograd
    parameters: tuple[ParameterTerms, ...]

    @property
    def scalar(self) -> bool:
        return self.W_h.shape == (1, 1)

    @property
    def max_difference(self) -> float:
        """Largest |hand − autograd| over every gradient shown."""
        diffs = [np.abs(p.hand - p.autograd).max() for p in self.parameters]
        diffs.append(np.abs(self.hidden_grads - self.autograd_hidden_grads).max())
        return float(max(diffs))


@dataclass(frozen=True)
class TruncationCurve:
    """Accuracy on the delay task while training with truncation k (one curve)."""
    delay: int                          # D: the output at t is the input at t − D
    truncate: int                       # k: chunk length; k >= sequence length is full BPTT
    length: int                         # T, steps per training sequence
    steps: tuple[int, ...]              # updates done at each evaluation
    accuracy: tuple[float, ...]         # on held-out sequences, positions t >= D
    chance: float                       # 1 / number of symbols
    seconds: float
    stopped: str                        # "" or why training stopped early
    done: bool = False                  # the run's last curve

    @property
    def full(self) -> bool:
        return self.truncate >= self.length
