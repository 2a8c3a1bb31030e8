"""Backpropagation through time, computed: gradient norms through a trained tagger's cell on the
user's sentence, and the deck's tiny RNN worked by hand next to autograd.

The taggers are shared and frozen: every change (activation, spectral radius) is made on a private
float64 copy of the recurrent cell; the word features and the output layer are read, never changed.
Gradients are taken with respect to the hidden states and per-step copies of W_hh (see
explainer.models.bptt), never stored on a shared parameter.
"""
from __future__ import annotations

import json
import time
from functools import lru_cache

import numpy as np
import torch

from ..device import describe, gpu
from ..models.bptt import (BLOCK_NAMES, CARRY_GATE, block_radii, elman_jacobians, grad_norms,
                           new_cell, open_unroll, path_norms, private_copy, readout_logits,
                           readout_loss, spectral_norms)
from ..models.bptt_math import TinyRNN, autograd_gradients, hand_bptt
from ..models.tagger import Tagger
from ..models.weights import freeze
from ..paths import ASSETS
from ..traces.bptt import GradientFlowTrace, ParameterTerms, TinyBPTTTrace, decay_per_step
from .pos import load_tagger

# which shipped tagger gives each cell its word features, output layer and (if trained) weights
CELL_MODELS = {"elman": "elman", "lstm": "slide", "gru": "slide"}
MODEL_NAMES = {"elman": "trained Elman tagger (elman)", "lstm": "trained LSTM tagger (slide)",
               "gru": "untrained GRU (random weights, seed 0, the LSTM tagger's sizes)"}
GRU_SEED = 0


def _features(tagger: Tagger, tokens: list[str]) -> torch.Tensor:
    """e_t for the sentence, (1, T, input_size) float64: the tagger's own input features."""
    device = next(tagger.parameters()).device
    batch = tagger.encode([tokens]).to(device)
    with torch.no_grad():
        return tagger._inputs(batch, None).double()   # eval mode: dropout is the identity


def _flow(cell, xs, classifier, loss_step: int, target: torch.Tensor | None,
          factors: bool = True) -> dict:
    """Forward to the loss step with the states kept open, backward, and the norms per step.
    target None: the tag this very run predicts at the loss step (the trained model's own)."""
    T = xs.shape[1]
    with torch.enable_grad():
        run = open_unroll(cell, xs[:, :loss_step + 1])
        if target is None:
            target = readout_logits(run.outputs[:, loss_step].detach(), classifier).argmax(-1)
        loss = readout_loss(run.outputs[:, loss_step], classifier, target)
        loss.backward()
    pad = np.full(T - loss_step - 1, np.nan)  # steps after the loss: no gradient to speak of

    def norms(tensors, stack=True) -> np.ndarray:
        return np.concatenate([grad_norms(tensors, stack).cpu().numpy(), pad])
    states = run.states
    total = sum(w.grad for w in run.weights)  # every step up to the loss has a path to it
    hidden = [s[0] if isinstance(s, tuple) else s for s in states]
    out = dict(loss=loss.item(), target=target, hidden_grad=norms(hidden),
               weight_grad=norms(run.weights, stack=False), weight_grad_total=float(total.norm()),
               cell_grad=norms([s[1] for s in states]) if isinstance(states[0], tuple) else None)
    out["finite"] = bool(np.isfinite(out["loss"]) and np.isfinite(out["weight_grad_total"])
                         and np.isfinite(out["hidden_grad"][:loss_step + 1]).all())
    if factors:
        out.update(_step_factors(cell, run.steps, loss_step, T))
    return out


def _step_factors(cell, steps, loss_step: int, T: int) -> dict:
    """What each step back multiplies the gradient by, padded with NaN to T steps. Elman: φ'(a_t),
    ‖J_t‖₂ and ‖J_k ⋯ J_{t+1}‖₂; LSTM / GRU: the gate on the diagonal path (f_t / z_t)."""
    pad = T - loss_step - 1
    if cell.kind in CARRY_GATE:
        gate = torch.cat([getattr(s, CARRY_GATE[cell.kind]).detach() for s in steps])  # (k+1, H)
        return dict(carry_gate=np.pad(gate.cpu().numpy(), ((0, pad), (0, 0)),
                                      constant_values=np.nan))
    slopes, jacobians = elman_jacobians(
        cell, torch.cat([s.pre_activation for s in steps]))                      # (k+1, H, H)
    norms = spectral_norms(jacobians)
    return dict(slopes=np.pad(slopes.cpu().numpy(), ((0, pad), (0, 0)), constant_values=np.nan),
                jacobian_norm=np.pad(norms.cpu().numpy(), (0, pad), constant_values=np.nan),
                path_norm=np.pad(path_norms(jacobians, loss_step).cpu().numpy(), (0, pad),
                                 constant_values=np.nan),
                sigma_max=float(spectral_norms(cell.weight_hh.detach())))


@lru_cache(maxsize=4)
def trained_clip(model: str) -> float:
    """The max norm the tagger was trained with: clip_grad_norm_(model.parameters(), clip),
    one norm over the gradients of all its parameters (explainer/train/pos.py)."""
    return float(json.loads((ASSETS / f"pos-{model}.json").read_text())["training"]["clip"])


@lru_cache(maxsize=4)
def _untrained_gru(input_size: int, hidden_size: int, device: torch.device):
    """Read-only like the loaded taggers: every change is made on a private copy."""
    return freeze(new_cell("gru", input_size, hidden_size, GRU_SEED).to(device))


def _base_cell(cell_kind: str, tagger: Tagger):
    if cell_kind == "gru":
        rnn = tagger.rnn.config
        return _untrained_gru(rnn.input_size, rnn.hidden_size, next(tagger.parameters()).device)
    return tagger.rnn.cell(0)


@lru_cache(maxsize=256)
def _unchanged(cell_kind: str, tagger: Tagger, tokens: tuple[str, ...], loss_step: int,
               target_tag: str | None) -> tuple[int, np.ndarray]:
    """(target tag index, ‖∂L/∂h_t‖) of the unchanged network, the line drawn behind a changed
    one. Remembered per sentence: it is the same on every drag of the radius slider, while the
    changed network's backward pass runs on every request."""
    xs = _features(tagger, list(tokens))
    tags = tagger.vocab.tags.tokens
    target = None if target_tag is None else torch.tensor([tags.index(target_tag)],
                                                           device=xs.device)
    flow = _flow(private_copy(_base_cell(cell_kind, tagger)), xs, tagger.classifier, loss_step,
                 target, factors=False)
    flow["hidden_grad"].flags.writeable = False
    return int(flow["target"]), flow["hidden_grad"]


@lru_cache(maxsize=8)  # per shared cell: eigenvalues of 128 x 128 blocks cost ~7 ms each
def _radii(cell) -> tuple[float, ...]:
    return block_radii(cell)


@gpu(duration=6)  # worst input: 0.43 s of CPU on one thread (64 words, Elman, a new sentence)
def explain_gradient_flow(tokens: list[str], cell_kind: str, loss_step: int,
                          radius: float | None = None, activation: str = "tanh",
                          clip: float | None = None,
                          target_tag: str | None = None) -> GradientFlowTrace:
    """‖∂L/∂h_t‖ for every t <= loss_step, L = cross-entropy at loss_step (0-based) against
    `target_tag` (None: the trained tagger's own tag there), through the shipped tagger
    CELL_MODELS[cell_kind] (its features and output layer; the GRU's cell is untrained)."""
    tagger = load_tagger(CELL_MODELS[cell_kind])
    tags = tagger.vocab.tags.tokens
    if target_tag is not None and target_tag not in tags:
        raise ValueError(f"target_tag {target_tag!r} is not one of the tagger's tags {tags}")
    if not 0 <= loss_step < len(tokens):
        raise ValueError(f"loss_step {loss_step} outside the sentence of {len(tokens)} tokens")
    if activation != "tanh" and cell_kind != "elman":
        raise ValueError("only the Elman cell has a choice of activation")
    start = time.perf_counter()
    xs = _features(tagger, tokens)
    base = _base_cell(cell_kind, tagger)
    target = None if target_tag is None else torch.tensor([tags.index(target_tag)],
                                                           device=xs.device)
    radii = _radii(base)
    changed = _changes(cell_kind, radius, radii, activation)
    reference = None
    if changed:  # the unchanged network names the target (its own tag) and is drawn behind
        own, reference = _unchanged(cell_kind, tagger, tuple(tokens), loss_step, target_tag)
        target = torch.tensor([own], device=xs.device)
    result = _flow(private_copy(base, activation=activation, radius=radius, radii=radii), xs,
                   tagger.classifier, loss_step, target)
    target = result["target"]
    compared = tuple((kind, decay_per_step(_unchanged(kind, load_tagger(CELL_MODELS[kind]),
                                              tuple(tokens), loss_step, target_tag)[1], loss_step))
                     for kind in ("elman", "lstm"))
    if xs.device.type == "cuda":
        torch.cuda.synchronize()
    return GradientFlowTrace(
        model=MODEL_NAMES[cell_kind], cell=cell_kind, cell_name=type(base).display_name,
        trained=cell_kind != "gru" and activation == "tanh" and radius is None,
        changed=changed, tokens=tuple(tokens), loss_step=loss_step,
        target_tag=tags[int(target)], loss=result["loss"],
        activation=activation if cell_kind == "elman" else "gated",
        block_names=BLOCK_NAMES[cell_kind],
        block_radii=radii if radius is None else (radius,) * len(radii),
        trained_block_radii=radii, sigma_max=result.get("sigma_max"),
        slopes=result.get("slopes"), jacobian_norm=result.get("jacobian_norm"),
        path_norm=result.get("path_norm"), carry_gate=result.get("carry_gate"),
        trained_clip=trained_clip(CELL_MODELS[cell_kind]), compared=compared,
        hidden_grad=result["hidden_grad"],
        cell_grad=result["cell_grad"], weight_grad=result["weight_grad"],
        weight_grad_total=result["weight_grad_total"], clip=clip,
        reference_grad=reference,
        finite=result["finite"], device=describe(xs.device),
        seconds=time.perf_counter() - start)


def _changes(cell_kind, radius, radii, activation) -> tuple[str, ...]:
    changes = []
    names = BLOCK_NAMES[cell_kind]
    if radius is not None:
        was = (f"{radii[0]:.2f}" if len(names) == 1 else
               ", ".join(f"{name} {r:.2f}" for name, r in zip(names, radii)))
        changes.append(f"W_hh rescaled to spectral radius {radius:g} (as trained: {was})"
                       if len(names) == 1 else
                       f"each of W_hh's {len(names)} gate blocks rescaled to spectral radius "
                       f"{radius:g} (as trained: {was})")
    if activation != "tanh":
        changes.append(f"activation {activation} instead of the trained tanh")
    return tuple(changes)


# ---- the tiny RNN of the deck --------------------------------------------------------------

def _tiny_trace(model: TinyRNN, xs: np.ndarray, y: float, scalar: bool) -> TinyBPTTTrace:
    hand = hand_bptt(model, xs, y, scalar_names=scalar)
    auto = autograd_gradients(model, xs, y)
    vector_name = {"v_x": "W_x", "v_h": "W_h"}
    parameters = tuple(
        ParameterTerms(p.name, p.terms, p.total,
                       auto[vector_name.get(p.name, p.name)].reshape(p.total.shape))
        for p in hand.parameters)
    T = len(xs)
    return TinyBPTTTrace(
        activation=model.activation, xs=np.asarray(xs, float).reshape(T, -1), W_x=model.W_x,
        W_h=model.W_h, b=model.b, u=model.u, target=float(y),
        pre_activation=hand.pre_activation, slopes=hand.slopes, hidden=hand.hidden,
        prediction=hand.prediction,
        loss=hand.loss, jacobians=hand.jacobians, path_products=hand.path_products,
        hidden_grads=hand.hidden_grads,
        autograd_hidden_grads=np.stack([auto[f"h{t}"] for t in range(T + 1)]),
        parameters=parameters)


def explain_tiny_scalar(xs: list[float], v_x: float, v_h: float, b: float, y: float,
                        activation: str = "identity") -> TinyBPTTTrace:
    """The deck's scalar RNN h_t = φ(x_t v_x + h_{t−1} v_h + b), ŷ = h_T, on the inputs xs."""
    return _tiny_trace(TinyRNN.scalar(v_x, v_h, b, activation), np.asarray(xs, float), y, True)


def explain_tiny_vector(steps: int, seed: int, radius: float | None = None,
                        activation: str = "tanh", hidden: int = 2, inputs: int = 2,
                        y: float = 1.0) -> TinyBPTTTrace:
    """A seeded random 2-unit RNN (W_h optionally rescaled to `radius`) on seeded inputs."""
    model = TinyRNN.random(hidden, inputs, seed, activation)
    if radius is not None:
        model = model.with_spectral_radius(radius)
    xs = np.round(np.random.default_rng(seed + 1).normal(size=(steps, inputs)), 2)
    return _tiny_trace(model, xs, y, False)
