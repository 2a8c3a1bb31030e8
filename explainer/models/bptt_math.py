"""Backpropagation through time by hand, for the deck's tiny RNN: explicit loops, no autograd.

The deck's recurrence and loss (scalar case; the vector case reads W for v):
    a_t = x_t v_x + h_{t-1} v_h + b          a_t = W_x x_t + W_h h_{t-1} + b
    h_t = φ(a_t)   (the deck: φ = identity)  h_t = φ(a_t)
    ŷ = h_T,   L = ½ (ŷ − y)²                ŷ = u · h_T,   L = ½ (ŷ − y)²

Every parameter θ is used at every step, so ∂L/∂θ is a sum over the steps that used it. The loss
reaches step t's use of θ along one path only, h_t → h_{t+1} → … → h_T, so each term is a product
of Jacobians (the chain rule along that path):
    ∂L/∂θ = Σ_t  ∂L/∂h_T · (∂h_T/∂h_{T−1} ⋯ ∂h_{t+1}/∂h_t) · ∂⁺h_t/∂θ
    ∂h_j/∂h_{j−1} = diag(φ'(a_j)) W_h        (scalar: φ'(a_j) v_h)
where ∂⁺h_t/∂θ is the immediate derivative with h_{t−1} held fixed. ‖J_j‖₂ <= max φ' · σ_max(W_h):
below 1, the long paths vanish (Pascanu et al. 2013); above, they may grow, or not. `autograd_gradients` is the reference the tests
(and the view) compare with: the same forward pass in float64 torch, differentiated by autograd.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch

ACTIVATIONS = ("identity", "tanh", "relu")


def phi(activation: str, a: np.ndarray) -> np.ndarray:
    if activation == "tanh":
        return np.tanh(a)
    if activation == "relu":
        return np.maximum(a, 0.0)
    return a.copy()


def phi_prime(activation: str, a: np.ndarray) -> np.ndarray:
    """φ'(a); relu'(0) = 0 as in torch."""
    if activation == "tanh":
        return 1.0 - np.tanh(a) ** 2
    if activation == "relu":
        return (a > 0).astype(np.float64)
    return np.ones_like(a)


@dataclass(frozen=True)
class TinyRNN:
    """The deck's RNN with H hidden units and I inputs, in float64 (scalar: H = I = 1, u = 1)."""
    W_x: np.ndarray           # (H, I)   scalar: v_x
    W_h: np.ndarray           # (H, H)   scalar: v_h
    b: np.ndarray             # (H,)
    u: np.ndarray             # (H,)     read-out ŷ = u · h_T; scalar: 1 (ŷ = h_T)
    activation: str = "identity"

    @classmethod
    def scalar(cls, v_x: float, v_h: float, b: float, activation: str = "identity") -> TinyRNN:
        return cls(np.array([[v_x]], float), np.array([[v_h]], float), np.array([b], float),
                   np.array([1.0]), activation)

    @classmethod
    def random(cls, hidden: int, inputs: int, seed: int, activation: str = "tanh") -> TinyRNN:
        rng = np.random.default_rng(seed)
        bound = 1.0 / np.sqrt(hidden)  # torch's default init
        draw = lambda *shape: rng.uniform(-bound, bound, shape)  # noqa: E731
        return cls(draw(hidden, inputs), draw(hidden, hidden), draw(hidden), draw(hidden),
                   activation)

    @property
    def spectral_radius(self) -> float:
        return float(np.abs(np.linalg.eigvals(self.W_h)).max())

    def with_spectral_radius(self, radius: float) -> TinyRNN:
        """A copy whose W_h is scaled so that its largest |eigenvalue| is `radius`."""
        return replace(self, W_h=self.W_h * (radius / self.spectral_radius))


@dataclass(frozen=True)
class ParameterGradient:
    """One parameter's gradient as the sum over the steps that used it."""
    name: str                 # "W_h" (vector) or "v_h" (scalar), as on screen
    terms: np.ndarray         # (T, *shape): term t = ∂L/∂h_t · ∂⁺h_t/∂θ, the path through step t
    total: np.ndarray         # (*shape) Σ_t terms


@dataclass(frozen=True)
class HandBPTT:
    """Everything the hand derivation computed (T steps, H units; step t = 1..T is index t−1)."""
    pre_activation: np.ndarray    # (T, H) a_t
    slopes: np.ndarray            # (T, H) φ'(a_t)
    hidden: np.ndarray            # (T + 1, H) h_0 … h_T
    prediction: float             # ŷ
    loss: float                   # L = ½ (ŷ − y)²
    output_grad: np.ndarray       # (H,) ∂L/∂h_T = (ŷ − y) u
    jacobians: np.ndarray         # (T, H, H) ∂h_t/∂h_{t−1}
    path_products: np.ndarray     # (T, H, H) ∂h_T/∂h_t = J_T ⋯ J_{t+1} (identity for t = T)
    hidden_grads: np.ndarray      # (T + 1, H) ∂L/∂h_t for t = 0 … T
    parameters: tuple[ParameterGradient, ...]

    def gradient(self, name: str) -> np.ndarray:
        return next(p.total for p in self.parameters if p.name == name)


def forward(model: TinyRNN, xs: np.ndarray, h0: np.ndarray | None = None):
    """xs: (T, I). Returns a (T, H), h (T + 1, H) with h_0 first."""
    T, H = len(xs), model.W_h.shape[0]
    a = np.zeros((T, H))
    h = np.zeros((T + 1, H)) if h0 is None else np.vstack([h0, np.zeros((T, H))])
    for t in range(1, T + 1):
        a[t - 1] = model.W_x @ xs[t - 1] + model.W_h @ h[t - 1] + model.b
        h[t] = phi(model.activation, a[t - 1])
    return a, h


def hand_bptt(model: TinyRNN, xs: np.ndarray, y: float, h0: np.ndarray | None = None,
              scalar_names: bool = False) -> HandBPTT:
    """BPTT as the sum over paths. xs: (T, I) float64; y: the target of the last step."""
    xs = np.asarray(xs, float).reshape(len(xs), -1)
    T, H = len(xs), model.W_h.shape[0]
    a, h = forward(model, xs, h0)
    prediction = float(model.u @ h[T])
    loss = 0.5 * (prediction - y) ** 2
    dL_dhT = (prediction - y) * model.u                                        # (H,)

    # the Jacobian of each step, then the product along the path from h_t up to h_T
    slopes = phi_prime(model.activation, a)                                    # (T, H)
    jacobians = np.stack([slopes[t][:, None] * model.W_h for t in range(T)])  # (T, H, H)
    products = np.zeros((T, H, H))
    for t in range(1, T + 1):
        product = np.eye(H)
        for j in range(T, t, -1):                                              # J_T ⋯ J_{t+1}
            product = product @ jacobians[j - 1]
        products[t - 1] = product
    hidden_grads = np.zeros((T + 1, H))
    for t in range(1, T + 1):
        hidden_grads[t] = products[t - 1].T @ dL_dhT                           # ∂L/∂h_t
    hidden_grads[0] = jacobians[0].T @ hidden_grads[1]

    # ∂⁺h_t/∂θ: one step's own use of θ, with h_{t-1} held fixed
    terms = {"W_x": [], "W_h": [], "b": []}
    for t in range(1, T + 1):
        upstream = hidden_grads[t] * slopes[t - 1]                            # ∂L/∂a_t (H,)
        terms["W_x"].append(np.outer(upstream, xs[t - 1]))
        terms["W_h"].append(np.outer(upstream, h[t - 1]))
        terms["b"].append(upstream)
    parameters = [ParameterGradient(name, np.stack(ts), np.stack(ts).sum(axis=0))
                  for name, ts in terms.items()]
    if scalar_names:  # the deck's v_x, v_h, b; ŷ = h_T has no read-out weight to learn
        parameters = [ParameterGradient(SCALAR_NAMES[p.name], p.terms.reshape(T),
                                        p.total.reshape(())) for p in parameters]
    else:
        readout = ((prediction - y) * h[T])[None]                              # ∂L/∂u, one use
        parameters.append(ParameterGradient("u", readout, readout[0]))
    return HandBPTT(a, slopes, h, prediction, loss, dL_dhT, jacobians, products, hidden_grads,
                    tuple(parameters))


SCALAR_NAMES = {"W_x": "v_x", "W_h": "v_h", "b": "b"}


def autograd_gradients(model: TinyRNN, xs: np.ndarray, y: float,
                       h0: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The reference: the same forward pass in float64 torch, gradients by autograd.
    Keys are the vector names (W_x, W_h, b, u) and h_0 … h_T as 'h0', 'h1', …"""
    xs = torch.as_tensor(np.asarray(xs, float).reshape(len(xs), -1))
    params = {name: torch.tensor(getattr(model, name), requires_grad=True)
              for name in ("W_x", "W_h", "b", "u")}
    act = {"identity": lambda v: v, "tanh": torch.tanh, "relu": torch.relu}[model.activation]
    h = torch.zeros(model.W_h.shape[0], dtype=torch.float64) if h0 is None else torch.tensor(h0)
    h.requires_grad_(True)
    states = [h]
    for x_t in xs:
        h = act(params["W_x"] @ x_t + params["W_h"] @ h + params["b"])
        h.retain_grad()
        states.append(h)
    loss = 0.5 * (params["u"] @ h - y) ** 2
    loss.backward()
    grads = {name: p.grad.numpy() for name, p in params.items()}
    grads.update({f"h{t}": s.grad.numpy() for t, s in enumerate(states)})
    return grads
