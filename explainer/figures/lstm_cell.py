"""A colah-style LSTM cell diagram whose wires and gates carry one unit's live values, with one
animation frame per token and the equations with that token's numbers beside it (drawn by
cell_diagram.py, played in the browser by explainer.ui.player).

    c_{t-1} ──×──────+────────────── c_t
              │      │          │
              f    i × g      tanh
              │    │   │          ×
              │    │   │          │
              │    │   │         h_t
         [h_{t-1}, x_t] ─── σ σ tanh σ(o)

Right to left, the state a step reads is the next token's: the labels say c_{t+1}, h_{t+1}.
"""
from __future__ import annotations

import numpy as np

from ..traces.gates import GateTrace
from .cell_diagram import Node, diagram_figure
from .theme import COLORS

# node: (x, y, label, colour); values come from the trace, per token; "t-1" becomes "t+1" in
# the labels of a right-to-left direction
NODES: dict[str, Node] = {
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
    # right of o, not beside it: 0.8 apart, the box and the circle overlapped wherever the
    # diagram is drawn under ~70 px per unit (the projector's 720p among them)
    "output_mul": (8.4, 1.9, "×", COLORS["output_gate"]),
    "hidden": (8.4, 0.6, "h<sub>t</sub>", COLORS["hidden"]),
    "h_prev": (0.0, 0.6, "h<sub>t-1</sub>", COLORS["hidden"]),
    "x": (1.0, -0.4, "x<sub>t</sub>", COLORS["input"]),
}
BOXES = {"forget_gate", "input_gate", "candidate", "output_gate"}
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


def _polylines() -> list[list[tuple[float, float]]]:
    lines = [[NODES[a][:2], NODES[b][:2]] for a, b in WIRES]
    lines += [[(0.0, BUS_Y), (6.8, BUS_Y)], [(1.0, -0.4), (1.0, BUS_Y)]]   # the input bus
    lines += [[(NODES[g][0], BUS_Y), NODES[g][:2]] for g in
              ("forget_gate", "input_gate", "candidate", "output_gate")]   # its taps
    lines.append([(NODES["tanh_cell"][0], 4.0), NODES["tanh_cell"][:2]])
    return lines


def lstm_cell_figure(trace: GateTrace, unit: int = 0) -> dict:
    """One frame per token (named by the token); frame t shows unit `unit` at token t, and the
    LSTM equations with its numbers. A plain-dict figure with frames, for the player (redrawn
    at every unit picked)."""
    # plain floats: per-scalar numpy calls were most of the time at 40 frames x 14 nodes
    values = {n: v.tolist() for n, v in node_values(trace, unit).items()}
    return diagram_figure(trace, unit, NODES, _polylines(), values, BOXES)
