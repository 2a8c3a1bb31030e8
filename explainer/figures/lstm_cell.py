"""A colah-style LSTM cell diagram whose wires and gates carry one unit's live values, with one
animation frame per token (played in the browser by explainer.ui.player).

    c_{t-1} ──×──────+────────────── c_t
              │      │          │
              f    i × g      tanh
              │    │   │        × ── h_t
         [h_{t-1}, x_t] ─── σ σ tanh σ(o)
"""
from __future__ import annotations

import math

import numpy as np

from ..traces.gates import GateTrace
from .labels import escaped, token_labels
from .theme import COLORS, TEMPLATE_DICT

# node: (x, y, label, colour); values come from the trace, per token
NODES = {
    "c_prev": (0.0, 4.0, "c<sub>t-1</sub>", COLORS["cell"]),
    "forget_mul": (2.0, 4.0, "×", COLORS["forget_gate"]),
    "add": (4.4, 4.0, "+", COLORS["cell"]),
    "cell": (8.4, 4.0, "c<sub>t</sub>", COLORS["cell"]),
    "forget_gate": (2.0, 1.9, "f σ", COLORS["forget_gate"]),
    "input_gate": (3.6, 1.9, "i σ", COLORS["input_gate"]),
    "candidate": (5.2, 1.9, "g tanh", COLORS["candidate"]),
    "input_mul": (4.4, 3.0, "×", COLORS["input_gate"]),
    "output_gate": (6.8, 1.9, "o σ", COLORS["output_gate"]),
    "tanh_cell": (7.6, 3.0, "tanh", COLORS["cell"]),
    "output_mul": (7.6, 1.9, "×", COLORS["output_gate"]),
    "hidden": (8.4, 0.6, "h<sub>t</sub>", COLORS["hidden"]),
    "h_prev": (0.0, 0.6, "h<sub>t-1</sub>", COLORS["hidden"]),
    "x": (1.0, -0.4, "x<sub>t</sub>", COLORS["input"]),
}
WIRES = [("c_prev", "forget_mul"), ("forget_mul", "add"), ("add", "cell"),
         ("forget_gate", "forget_mul"), ("input_gate", "input_mul"), ("candidate", "input_mul"),
         ("input_mul", "add"), ("output_gate", "output_mul"), ("tanh_cell", "output_mul"),
         ("output_mul", "hidden")]
BUS_Y = 0.6   # [h_{t-1}, x_t] runs along this line under the four gates


def node_values(trace: GateTrace, unit: int) -> dict[str, np.ndarray]:
    """Per node, its value at every token (T,), for one unit."""
    u = unit
    c_prev, h_prev = trace.previous("cell")[:, u], trace.previous("hidden")[:, u]
    f, i, g, o = (getattr(trace, n)[:, u] for n in
                  ("forget_gate", "input_gate", "candidate", "output_gate"))
    c = trace.cell[:, u]
    return {"c_prev": c_prev, "forget_mul": f * c_prev, "add": c, "cell": c,
            "forget_gate": f, "input_gate": i, "candidate": g, "input_mul": i * g,
            "output_gate": o, "tanh_cell": np.tanh(c), "output_mul": trace.hidden[:, u],
            "hidden": trace.hidden[:, u], "h_prev": h_prev, "x": np.full_like(c, np.nan)}


def _wire_trace() -> dict:
    xs, ys = [], []
    for a, b in WIRES:
        (x0, y0, *_), (x1, y1, *_) = NODES[a], NODES[b]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    # the input bus and its taps into the four gates
    xs += [0.0, 6.8, None, 1.0, 1.0, None]
    ys += [BUS_Y, BUS_Y, None, -0.4, BUS_Y, None]
    for gate in ("forget_gate", "input_gate", "candidate", "output_gate"):
        xs += [NODES[gate][0], NODES[gate][0], None]
        ys += [BUS_Y, NODES[gate][1], None]
    xs += [NODES["tanh_cell"][0], NODES["tanh_cell"][0], None]
    ys += [4.0, NODES["tanh_cell"][1], None]
    return dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color="#888", width=3),
                hoverinfo="skip", showlegend=False)


def _node_trace(values: dict[str, list[float]], t: int) -> dict:
    names = list(NODES)
    now = [values[n][t] for n in names]
    text = [f"{NODES[n][2]}<br><b>{v:+.2f}</b>" if not math.isnan(v) else NODES[n][2]
            for n, v in zip(names, now)]
    return dict(
        type="scatter", x=[NODES[n][0] for n in names], y=[NODES[n][1] for n in names],
        mode="markers+text", text=text, textposition="middle center",
        textfont=dict(size=15, color="#111"),
        marker=dict(size=[62 if n.endswith(("gate", "candidate")) else 50 for n in names],
                    symbol=["square" if n.endswith(("gate", "candidate")) else "circle"
                            for n in names],
                    color=[NODES[n][3] for n in names],
                    opacity=[0.35 if math.isnan(v) else 0.35 + 0.65 * min(1.0, abs(v))
                             for v in now],
                    line=dict(color="#333", width=1.5)),
        hovertext=[f"{n}: {v:.4f}" for n, v in zip(names, now)], hoverinfo="text",
        showlegend=False)


def lstm_cell_figure(trace: GateTrace, unit: int = 0) -> dict:
    """One frame per token (named by the token); frame t shows unit `unit` at token t.
    A plain-dict figure with frames, for the player (redrawn at every unit picked)."""
    # plain floats: per-scalar numpy calls were most of the time at 40 frames x 14 nodes
    values = {n: v.tolist() for n, v in node_values(trace, unit).items()}
    frames = [dict(data=[_node_trace(values, t)], traces=[1], name=label,
                   layout=dict(title=dict(text=_caption(trace, unit, t))))
              for t, label in enumerate(token_labels(trace.tokens))]
    return dict(data=[_wire_trace(), _node_trace(values, 0)], frames=frames, layout=dict(
        template=TEMPLATE_DICT, height=520, title=dict(text=_caption(trace, unit, 0)),
        margin=dict(l=10, r=10, t=70, b=10),
        xaxis=dict(visible=False, range=[-0.8, 9.2]),
        yaxis=dict(visible=False, range=[-1.1, 4.7], scaleanchor="x")))


def _caption(trace: GateTrace, unit: int, t: int) -> str:
    return f"LSTM cell, unit {unit}, token {t + 1}: “{escaped(trace.tokens[t])}”"
