"""Why the gradient vanishes: what each step back multiplies it by, and the products of those
factors walking back from the loss (Pascanu, Mikolov & Bengio 2013).

States are row vectors (the deck's h_t = x_t v_x^T + h_{t-1} v_h^T + b, v_h = W_hh), so one step
back is ∂L/∂h_{t-1} = ∂L/∂h_t · J_t with J_t = ∂h_t/∂h_{t-1} = diag(φ'(a_t)) W_hh (Elman). Gated
cells get their diagonal path instead: ∂c_t/∂c_{t-1} = diag(f_t) (LSTM), diag(z_t) (GRU).

    top:     per step t ≤ k      ‖J_t‖₂, mean φ'(a_t), σ_max(W_hh)·max φ'(a_t)   (or the gate)
    bottom:  per step t ≤ k      ‖J_k ⋯ J_{t+1}‖₂, Π ‖J_j‖₂, ‖∂L/∂h_t‖ / ‖∂L/∂h_k‖

Pure functions of a GradientFlowTrace; plain-dict figures (see figures.plain).
"""
from __future__ import annotations

import numpy as np

from ..traces.bptt import GradientFlowTrace
from .labels import escaped, token_labels
from .plain import panel_title
from .theme import COLORS, FONT_SIZE, OKABE_ITO, TEMPLATE_DICT

BOUND, MEASURED, ONE = OKABE_ITO["grey"], OKABE_ITO["blue"], "#888"
GATE_SYMBOL = {"lstm": ("f", "forget"), "gru": ("z", "update")}


def _finite(values: np.ndarray) -> list:
    """NaN, ∞ and 0 become gaps (the axis is logarithmic)."""
    out = np.asarray(values, float)
    return [float(v) if np.isfinite(v) and v > 0 else None for v in out]


def carry_products(gate: np.ndarray, k: int) -> np.ndarray:
    """(k + 1, H) Π_{j=t+1..k} gate_j per unit, t = 0 … k (t = k: the empty product, 1)."""
    kept = np.ones_like(gate[:k + 1])
    for t in range(k - 1, -1, -1):
        kept[t] = kept[t + 1] * gate[t + 1]
    return kept


def measured_ratio(trace: GradientFlowTrace) -> tuple[np.ndarray, str]:
    """‖∂L/∂s_t‖ / ‖∂L/∂s_k‖ for t ≤ k, s = c for the LSTM, h otherwise; and its label."""
    k = trace.loss_step
    grads, name = ((trace.cell_grad, "c") if trace.cell == "lstm" else (trace.hidden_grad, "h"))
    with np.errstate(divide="ignore", invalid="ignore"):
        return grads[:k + 1] / grads[k], name


def _line(x, y, name, color, dash="solid", markers=True, axis=1) -> dict:
    suffix = "" if axis == 1 else str(axis)
    return dict(type="scatter", x=x, y=_finite(y), name=name, mode="lines+markers" if markers
                else "lines", line=dict(color=color, dash=dash), xaxis=f"x{suffix}",
                yaxis=f"y{suffix}", legendgroup=str(axis))


def _elman_lines(trace: GradientFlowTrace, labels: list[str]) -> tuple[list, list]:
    k = trace.loss_step
    steps = labels[1:k + 1]                               # J_t for t = 1 … k
    slopes = trace.slopes[1:k + 1]
    bound = trace.sigma_max * slopes.max(axis=1)
    top = [_line(steps, bound, "σ<sub>max</sub>(W<sub>hh</sub>) · max φ′(a<sub>t</sub>): "
                 "the bound on ‖J<sub>t</sub>‖", BOUND, "dash", False),
           _line(steps, trace.jacobian_norm[1:k + 1], "‖J<sub>t</sub>‖₂ (spectral norm)",
                 COLORS["recurrent"]),
           _line(steps, slopes.mean(axis=1), "mean φ′(a<sub>t</sub>) over the units",
                 COLORS["hidden"])]
    before = labels[:k + 1]
    norms = trace.jacobian_norm[:k + 1]
    product_of_norms = np.array([np.prod(norms[t + 1:k + 1]) for t in range(k + 1)])
    ratio, _ = measured_ratio(trace)
    bottom = [_line(before, product_of_norms, "Π ‖J<sub>j</sub>‖₂: the product of the norms",
                    BOUND, "dash", False, 2),
              _line(before, trace.path_norm[:k + 1],
                    "‖J<sub>k</sub> ⋯ J<sub>t+1</sub>‖₂: the norm of the product",
                    COLORS["recurrent"], axis=2),
              _line(before, ratio, "measured ‖∂L/∂h<sub>t</sub>‖ / ‖∂L/∂h<sub>k</sub>‖",
                    MEASURED, axis=2)]
    return top, bottom


def _gated_lines(trace: GradientFlowTrace, labels: list[str]) -> tuple[list, list]:
    k = trace.loss_step
    g = GATE_SYMBOL[trace.cell][0]
    gate = trace.carry_gate[:k + 1]
    steps = labels[1:k + 1]
    colour = COLORS["forget_gate" if trace.cell == "lstm" else "update_gate"]
    top = [_line(steps, gate[1:].max(axis=1), f"max {g}<sub>t</sub> = ‖diag({g}<sub>t</sub>)‖₂",
                 colour),
           _line(steps, gate[1:].mean(axis=1), f"mean {g}<sub>t</sub> over the units", BOUND,
                 "dash"),
           _line(steps, np.median(gate[1:], axis=1), f"median {g}<sub>t</sub>", BOUND, "dot")]
    kept = carry_products(gate, k)
    ratio, name = measured_ratio(trace)
    bottom = [_line(labels[:k + 1], kept.max(axis=1),
                    f"max over units of Π {g}<sub>j</sub>: the diagonal path's norm", colour,
                    axis=2),
              _line(labels[:k + 1], kept.mean(axis=1), f"mean over units of Π {g}<sub>j</sub>",
                    BOUND, "dash", axis=2),
              _line(labels[:k + 1], ratio, f"measured ‖∂L/∂{name}<sub>t</sub>‖ / "
                    f"‖∂L/∂{name}<sub>k</sub>‖ (every path)", MEASURED, axis=2)]
    return top, bottom


def _titles(trace: GradientFlowTrace) -> tuple[str, str]:
    word = escaped(trace.tokens[trace.loss_step])
    if trace.cell == "elman":
        return ("One step back: J<sub>t</sub> = ∂h<sub>t</sub>/∂h<sub>t−1</sub> = "
                "diag(φ′(a<sub>t</sub>)) W<sub>hh</sub>",
                f"Walking back from the loss at “{word}” (k): J<sub>k</sub> ⋯ J<sub>t+1</sub>")
    path = ("∂c<sub>t</sub>/∂c<sub>t−1</sub> = diag(f<sub>t</sub>), h<sub>t−1</sub> held"
            if trace.cell == "lstm" else
            "h<sub>t</sub> = (1−z<sub>t</sub>)⊙n<sub>t</sub> + z<sub>t</sub>⊙h<sub>t−1</sub>: "
            "diag(z<sub>t</sub>), gates held")
    return (f"The {trace.cell_name}'s diagonal path one step back: {path}",
            f"Walking back from the loss at “{word}” (k) along it")


def jacobian_figure(trace: GradientFlowTrace) -> dict:
    """Top: what one step back multiplies the gradient by, per step t ≤ k. Bottom: the products
    of those factors from the loss back to each step, and the measured ratio of gradient norms.
    Log scales; a dotted line at 1. A plain-dict figure."""
    labels = token_labels(trace.tokens)
    lines = _elman_lines if trace.cell == "elman" else _gated_lines
    top, bottom = lines(trace, labels)
    one = [dict(type="line", xref=f"x{a} domain", yref=f"y{a}", x0=0, x1=1, y0=1, y1=1,
                line=dict(color=ONE, width=2, dash="dot")) for a in ("", "2")]
    annotations = [panel_title(text, 0.5, y, FONT_SIZE + 1)
                   for text, y in zip(_titles(trace), (1.0, 0.43))]
    # every token in sentence order on both axes (the top panel starts at the second token)
    ticks = dict(tickvals=labels, ticktext=list(trace.tokens), tickangle=-45,
                 categoryorder="array", categoryarray=labels, range=[-0.5, len(labels) - 0.5])
    log = dict(type="log", exponentformat="power")
    return dict(data=top + bottom, layout=dict(
        template=TEMPLATE_DICT, height=720, hovermode="x unified", shapes=one,
        annotations=annotations, margin=dict(t=50, b=40, l=80),
        legend=dict(orientation="h", y=-0.22, x=0.5, xanchor="center", yanchor="top"),
        xaxis=dict(anchor="y", matches="x2", showticklabels=False, **ticks),
        yaxis=dict(domain=[0.58, 0.95], title=dict(text="factor per step"), **log),
        xaxis2=dict(anchor="y2", **ticks),
        yaxis2=dict(domain=[0, 0.38], title=dict(text="from the loss back to t"), **log)))
