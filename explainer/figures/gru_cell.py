"""A GRU cell diagram (torch.nn.GRU's equations) whose wires and gates carry one unit's live
values, one animation frame per token, the equations with that token's numbers beside it (drawn
by cell_diagram.py, played in the browser by explainer.ui.player).

    h_{t-1} ──×─────────────────+──── h_t      h_t = z ⊙ h_{t-1} + (1 - z) ⊙ n
       │      │                 │
       │      ├── 1-z ───────── ×
       │      │                 │
       │     z σ    r σ ── × ── n tanh
       │      │      │     │     │
       │      │      │   h W_hn^T + b_hn
    [h_{t-1}, x_t] ──┴─────┴─────┘

The GRU has no cell state: h_t is both its memory and its output. Right to left, the state a
step reads is the next token's: the labels say h_{t+1}.
"""
from __future__ import annotations

import numpy as np

from ..traces.gates import GRUGateTrace
from .cell_diagram import Node, diagram_figure
from .theme import COLORS

NODES: dict[str, Node] = {
    "h_prev": (0.0, 4.0, "h<sub>t-1</sub>", COLORS["hidden"]),
    "keep_mul": (1.6, 4.0, "×", COLORS["update_gate"]),        # z ⊙ h_prev
    "add": (6.6, 4.0, "+", COLORS["hidden"]),
    "hidden": (8.4, 4.0, "h<sub>t</sub>", COLORS["hidden"]),
    "update_gate": (1.6, 1.9, "z σ", COLORS["update_gate"]),
    "one_minus": (4.2, 3.0, "1−z", COLORS["update_gate"]),
    "reset_gate": (3.6, 1.9, "r σ", COLORS["reset_gate"]),
    "recurrent_n": (5.1, 1.0, "hW<sub>hn</sub><sup>T</sup>+b", COLORS["input"]),
    "reset_mul": (5.1, 2.1, "×", COLORS["reset_gate"]),        # r ⊙ (h W_hn^T + b_hn)
    "candidate": (6.6, 1.9, "n tanh", COLORS["candidate"]),
    "write_mul": (6.6, 3.0, "×", COLORS["candidate"]),         # (1 - z) ⊙ n
    "x": (0.8, -0.4, "x<sub>t</sub>", COLORS["input"]),
}
BOXES = {"update_gate", "reset_gate", "candidate", "recurrent_n"}
WIRES = [("h_prev", "keep_mul"), ("keep_mul", "add"), ("add", "hidden"),
         ("update_gate", "keep_mul"), ("one_minus", "write_mul"), ("candidate", "write_mul"),
         ("write_mul", "add"), ("reset_gate", "reset_mul"), ("recurrent_n", "reset_mul"),
         ("reset_mul", "candidate")]
BUS_Y = 0.3   # [h_{t-1}, x_t] runs along this line under the gates


def node_values(trace: GRUGateTrace, unit: int) -> dict[str, np.ndarray]:
    """Per node, its value at every token (T,), for one unit."""
    u = unit
    h_prev = trace.previous("hidden")[:, u]
    r, z, n = trace.reset_gate[:, u], trace.update_gate[:, u], trace.candidate[:, u]
    recurrent_n = trace.recurrent_part[:, 2, u]                 # h_prev W_hn^T + b_hn
    h = trace.hidden[:, u]
    return {"h_prev": h_prev, "keep_mul": z * h_prev, "add": h, "hidden": h,
            "update_gate": z, "one_minus": 1 - z, "reset_gate": r, "recurrent_n": recurrent_n,
            "reset_mul": r * recurrent_n, "candidate": n, "write_mul": (1 - z) * n,
            "x": np.full_like(h, np.nan)}


def _polylines() -> list[list[tuple[float, float]]]:
    lines = [[NODES[a][:2], NODES[b][:2]] for a, b in WIRES]
    lines.append([(1.6, 3.0), NODES["one_minus"][:2]])                   # z -> 1 - z
    lines += [[(0.0, 4.0), (0.0, BUS_Y), (6.6, BUS_Y)],                  # h_prev and the bus
              [(0.8, -0.4), (0.8, BUS_Y)]]                               # x_t joins it
    lines += [[(NODES[g][0], BUS_Y), NODES[g][:2]] for g in
              ("update_gate", "reset_gate", "recurrent_n", "candidate")]   # its taps
    return lines


def gru_cell_figure(trace: GRUGateTrace, unit: int = 0) -> dict:
    """One frame per token (named by the token); frame t shows unit `unit` at token t, and the
    GRU equations with its numbers. A plain-dict figure with frames, for the player."""
    values = {n: v.tolist() for n, v in node_values(trace, unit).items()}
    return diagram_figure(trace, unit, NODES, _polylines(), values, BOXES)
