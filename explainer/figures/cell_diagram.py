"""What the LSTM and GRU cell diagrams share: nodes carrying one unit's live values, wires, and
beside them the cell's equations with that token's numbers in, one animation frame per token
(played in the browser by explainer.ui.player). The equations live in each frame, so they always
show the token the diagram shows."""
from __future__ import annotations

import math

from ..traces.gates import AnyGateTrace
from .gates import direction_words, equation_lines, previous_step
from .labels import escaped, token_labels
from .theme import TEMPLATE_DICT

Node = tuple[float, float, str, str]          # x, y, label (plotly HTML), colour
X_RANGE, Y_RANGE = [-0.8, 9.2], [-1.1, 4.7]
DIAGRAM_WIDTH = 0.5                           # of the figure; the equations take the rest


def step_label(label: str, trace: AnyGateTrace) -> str:
    """A node label naming the previous step ("t-1") as this direction reads it."""
    return label.replace("t-1", previous_step(trace).replace("-", "−"))


def wire_trace(polylines: list[list[tuple[float, float]]]) -> dict:
    xs, ys = [], []
    for line in polylines:
        xs += [x for x, _ in line] + [None]
        ys += [y for _, y in line] + [None]
    return dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color="#888", width=3),
                hoverinfo="skip", showlegend=False)


def node_trace(nodes: dict[str, Node], values: dict[str, list[float]], t: int,
               boxes: set[str]) -> dict:
    """The nodes at token t; `boxes` (the gates) are squares, the rest circles."""
    names = list(nodes)
    now = [values[n][t] for n in names]
    text = [f"{nodes[n][2]}<br><b>{v:+.2f}</b>" if not math.isnan(v) else nodes[n][2]
            for n, v in zip(names, now)]
    return dict(
        type="scatter", x=[nodes[n][0] for n in names], y=[nodes[n][1] for n in names],
        mode="markers+text", text=text, textposition="middle center",
        textfont=dict(size=15, color="#111"),
        marker=dict(size=[62 if n in boxes else 50 for n in names],
                    symbol=["square" if n in boxes else "circle" for n in names],
                    color=[nodes[n][3] for n in names],
                    opacity=[0.35 if math.isnan(v) else 0.35 + 0.65 * min(1.0, abs(v))
                             for v in now],
                    line=dict(color="#333", width=1.5)),
        hovertext=[f"{n}: {v:.4f}" for n, v in zip(names, now)], hoverinfo="text",
        showlegend=False)


def _equations(trace: AnyGateTrace, unit: int, t: int) -> dict:
    return dict(text="<br>".join(equation_lines(trace, t, unit)), x=DIAGRAM_WIDTH + 0.02,
                y=1.0, xref="paper", yref="paper", xanchor="left", yanchor="top",
                align="left", showarrow=False, font=dict(size=16))


def _caption(trace: AnyGateTrace, unit: int, t: int) -> str:
    name = "LSTM" if trace.kind == "lstm" else "GRU"
    text = f"{name} cell, unit {unit}, token {t + 1}: “{escaped(trace.tokens[t])}”"
    if trace.direction == 1:   # its previous step is the next token, t+1 in sentence order
        last = t == len(trace.tokens) - 1
        text += f" — {direction_words(trace)}: " + (
            "read first, from zeros" if last else f"it read token {t + 2}'s state")
    return text


def diagram_figure(trace: AnyGateTrace, unit: int, nodes: dict[str, Node],
                   polylines: list[list[tuple[float, float]]],
                   values: dict[str, list[float]], boxes: set[str]) -> dict:
    """One frame per token (named by the token); frame t shows unit `unit` at token t: the
    diagram's values and the equations with the numbers. A plain-dict figure with frames."""
    labelled = {n: (x, y, step_label(label, trace), colour)
                for n, (x, y, label, colour) in nodes.items()}
    frames = [dict(data=[node_trace(labelled, values, t, boxes)], traces=[1], name=label,
                   layout=dict(title=dict(text=_caption(trace, unit, t)),
                               annotations=[_equations(trace, unit, t)]))
              for t, label in enumerate(token_labels(trace.tokens))]
    return dict(data=[wire_trace(polylines), node_trace(labelled, values, 0, boxes)],
                frames=frames, layout=dict(
                    template=TEMPLATE_DICT, height=450, title=dict(text=_caption(trace, unit, 0)),
                    annotations=[_equations(trace, unit, 0)],
                    margin=dict(l=10, r=10, t=70, b=10),
                    xaxis=dict(visible=False, range=X_RANGE, domain=[0, DIAGRAM_WIDTH]),
                    yaxis=dict(visible=False, range=Y_RANGE, scaleanchor="x")))
