"""The five input/output paradigms as diagrams: the rolled network (left) and unrolled (right).

    one-to-one        x → h → y                      no sequence, no loop (a feed-forward net)
    one-to-many       x₁ → h₁ → h₂ → …, y at every step; each yₜ fed back as the next input
    many-to-one       x at every step → h₁ → … → h_T → one y at the end
    many-to-many      x and y at every step (synced: one output per input)
    encoder/decoder   x₁…x_S → encoder → context → decoder → y₁…y_T (lengths differ)

Each paradigm is a networkx graph whose nodes carry (kind, step); the layout reads a node's
column from its step and its row from its kind, in both the rolled and unrolled pictures.
Optional labels put a real run's inputs and outputs under and over the unrolled nodes.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .theme import COLORS, FONT_SIZE, OKABE_ITO, TEMPLATE

NODE_COLORS = {"x": COLORS["input"], "h": COLORS["hidden"], "s": COLORS["hidden"],
               "y": OKABE_ITO["blue"]}
ROWS = {"x": 0.0, "h": 1.0, "s": 1.0, "y": 2.0}
EDGE_COLOR = "#777777"
FEEDBACK_COLOR = OKABE_ITO["orange"]
MAX_LABEL = 10


@dataclass(frozen=True)
class Paradigm:
    key: str
    title: str
    summary: str


PARADIGMS = {p.key: p for p in (
    Paradigm("one-to-one", "One-to-one", "one input, one output: no sequence, no recurrence"),
    Paradigm("one-to-many", "One-to-many", "one input, a sequence out (each output fed back)"),
    Paradigm("many-to-one", "Many-to-one", "a sequence in, one output after the last step"),
    Paradigm("many-to-many", "Many-to-many (synced)", "one output for every input, in step"),
    Paradigm("encoder-decoder", "Many-to-many (encoder/decoder)",
             "read the whole input, then write an output of another length"),
)}


def paradigm_graph(key: str, steps: int = 4, out_steps: int = 3) -> nx.DiGraph:
    """Nodes (kind, step) with kind x (input), h (state; s for the decoder's) or y (output);
    edges labelled "W_x", "W_h", "W_y", "context" or "fed back"."""
    if key not in PARADIGMS:
        raise ValueError(f"unknown paradigm {key!r}; choose one of {sorted(PARADIGMS)}")
    g = nx.DiGraph()

    def add(kind, t):
        g.add_node((kind, t), kind=kind, step=t)

    if key == "one-to-one":
        steps = 1
    if key == "encoder-decoder":
        for t in range(steps):
            add("x", t), add("h", t)
            g.add_edge(("x", t), ("h", t), matrix="W_x")
            if t:
                g.add_edge(("h", t - 1), ("h", t), matrix="W_h")
        for k in range(out_steps):
            t = steps + k
            add("s", t), add("y", t)
            g.add_edge(("s", t), ("y", t), matrix="W_y")
            g.add_edge(("h", steps - 1) if k == 0 else ("s", t - 1), ("s", t),
                       matrix="context" if k == 0 else "W_h")
            if k:
                g.add_edge(("y", t - 1), ("s", t), matrix="fed back")
        return g
    for t in range(steps):
        add("h", t)
        if t:
            g.add_edge(("h", t - 1), ("h", t), matrix="W_h")
        if key != "one-to-many" or t == 0:
            add("x", t)
            g.add_edge(("x", t), ("h", t), matrix="W_x")
        if key != "many-to-one" or t == steps - 1:
            add("y", t)
            g.add_edge(("h", t), ("y", t), matrix="W_y")
        if key == "one-to-many" and t:
            g.add_edge(("y", t - 1), ("h", t), matrix="fed back")
    return g


def rolled_graph(key: str) -> nx.DiGraph:
    """The network as drawn before unrolling: one cell per network, h feeding itself."""
    g = paradigm_graph(key, steps=1, out_steps=1)
    if key != "one-to-one":
        g.add_edge(("h", 0), ("h", 0), matrix="W_h")
    if key == "encoder-decoder":
        g.add_edge(("s", 1), ("s", 1), matrix="W_h")
    return g


def layout(graph: nx.DiGraph, spread: float = 1.0) -> dict:
    """node -> (column, row): the column is the step (times `spread`), the row is the kind."""
    return {n: (spread * d["step"], ROWS[d["kind"]]) for n, d in graph.nodes(data=True)}


def _subscript(text: str) -> str:
    """"W_h" -> W<sub>h</sub> (plotly's text is a small subset of HTML)."""
    head, _, tail = text.partition("_")
    return f"{head}<sub>{tail}</sub>" if tail else text


def _names(graph: nx.DiGraph, nodes: list, rolled: bool) -> list[str]:
    """x<sub>t</sub> when rolled; x<sub>1</sub>, x<sub>2</sub>, ... once unrolled (the decoder's
    s and y count from 1 again)."""
    if rolled:
        return [f"{kind}<sub>t</sub>" for kind, _ in nodes]
    first = min(t for _, t in nodes)
    return [f"{kind}<sub>{t - first + 1}</sub>" for kind, t in nodes]


def _short(label: str) -> str:
    """A label as plotly text: blanks made visible, cut to MAX_LABEL characters, and escaped
    (plotly reads text as HTML: "</s>" would vanish as a tag)."""
    if label.strip() == "" or "\n" in label:
        label = label.replace("\n", "⏎").replace(" ", "␣")
    if len(label) > MAX_LABEL:
        label = label[:MAX_LABEL - 1] + "…"
    return html.escape(label, quote=False)


def _self_loop(fig, x0: float, y0: float, xref: str, yref: str, color: str, above: bool) -> None:
    """h feeding itself: a loop out of the right side of the cell, or out of its top when an
    arrow already leaves to the right (the encoder's context)."""
    if above:
        path = (f"M {x0 - 0.1},{y0 + 0.12} C {x0 - 0.35},{y0 + 0.75} "
                f"{x0 + 0.35},{y0 + 0.75} {x0 + 0.1},{y0 + 0.14}")
        label = dict(x=x0, y=y0 + 0.62, xanchor="center", yanchor="bottom")
    else:
        path = (f"M {x0 + 0.12},{y0 + 0.12} C {x0 + 0.6},{y0 + 0.55} "
                f"{x0 + 0.6},{y0 - 0.55} {x0 + 0.14},{y0 - 0.1}")
        label = dict(x=x0 + 0.55, y=y0, xanchor="left")
    fig.add_shape(type="path", xref=xref, yref=yref, line=dict(color=color, width=3), path=path)
    fig.add_annotation(xref=xref, yref=yref, text="W<sub>h</sub>", showarrow=False,
                       font=dict(size=FONT_SIZE - 2), **label)


def _draw(fig, graph: nx.DiGraph, col: int, rolled: bool, inputs, outputs,
          spread: float = 1.0) -> None:
    pos = layout(graph, spread)
    xref, yref = ("x", "y") if col == 1 else ("x2", "y2")
    for a, b, data in graph.edges(data=True):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        color = FEEDBACK_COLOR if data["matrix"] == "fed back" else EDGE_COLOR
        if a == b:                                       # the recurrence of a rolled cell
            _self_loop(fig, x0, y0, xref, yref, color,
                       above=any(pos[n][0] > x0 for n in graph.successors(a)))
            continue
        shrink = 0.2
        dx, dy = x1 - x0, y1 - y0
        length = (dx * dx + dy * dy) ** 0.5
        fig.add_annotation(
            x=x1 - dx / length * shrink, y=y1 - dy / length * shrink,
            ax=x0 + dx / length * shrink, ay=y0 + dy / length * shrink,
            xref=xref, yref=yref, axref=xref, ayref=yref, text="", showarrow=True,
            arrowhead=2, arrowsize=1.2, arrowwidth=3 if data["matrix"] != "context" else 5,
            arrowcolor=OKABE_ITO["vermillion"] if data["matrix"] == "context" else color)
        if rolled or data["matrix"] in ("context", "fed back"):
            fig.add_annotation(x=(x0 + x1) / 2, y=(y0 + y1) / 2, xref=xref, yref=yref,
                               text=_subscript(data["matrix"]), showarrow=False, xshift=10 if dx == 0 else 0,
                               yshift=12 if dy == 0 else 0, xanchor="left" if dx == 0 else
                               "center", font=dict(size=FONT_SIZE - 4, color=color))
    for kind in ("x", "h", "s", "y"):
        nodes = [n for n, d in graph.nodes(data=True) if d["kind"] == kind]
        if not nodes:
            continue
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
            marker=dict(symbol="square" if kind in "hs" else "circle", size=44,
                        color=NODE_COLORS[kind], line=dict(color="#333", width=1.5)),
            text=_names(graph, nodes, rolled), textposition="middle center",
            textfont=dict(color="#111" if kind != "y" else "white", size=FONT_SIZE - 2),
            hoverinfo="skip", showlegend=False), row=1, col=col)
        labels = inputs if kind == "x" else outputs if kind == "y" else None
        if labels is not None and not rolled:
            steps = sorted(n[1] for n in nodes)
            offset = min(steps)
            for n in nodes:
                i = n[1] - offset
                if i < len(labels):
                    fig.add_annotation(x=pos[n][0], y=pos[n][1], xref=xref, yref=yref,
                                       text=f"<b>{_short(labels[i])}</b>", showarrow=False,
                                       yshift=-36 if kind == "x" else 36,
                                       font=dict(size=FONT_SIZE, color="#222"))


def paradigm_figure(key: str, steps: int = 4, out_steps: int = 3,
                    inputs: Sequence[str] | None = None,
                    outputs: Sequence[str] | None = None) -> go.Figure:
    """Rolled (left) and unrolled (right) diagrams of one paradigm.

    steps: input steps drawn (one-to-one draws one); out_steps: decoder steps (encoder/decoder).
    inputs / outputs: optional labels of a real run, one per drawn input / output node, in order.
    """
    paradigm = PARADIGMS.get(key)
    if paradigm is None:
        raise ValueError(f"unknown paradigm {key!r}; choose one of {sorted(PARADIGMS)}")
    unrolled = paradigm_graph(key, steps, out_steps)
    columns = max(d["step"] for _, d in unrolled.nodes(data=True)) + 1
    fig = make_subplots(rows=1, cols=2, column_widths=[0.24, 0.76], horizontal_spacing=0.04,
                        subplot_titles=("rolled", "unrolled over time" if key != "one-to-one"
                                        else "nothing to unroll"))
    spread = 2.2 if key == "encoder-decoder" else 1.0      # room for two rolled loops
    _draw(fig, rolled_graph(key), 1, True, None, None, spread)
    _draw(fig, unrolled, 2, False, inputs, outputs)
    fig.update_xaxes(visible=False, range=[-0.6, spread * (key == "encoder-decoder") + 1.2],
                     row=1, col=1)
    fig.update_xaxes(visible=False, range=[-0.6, max(columns, 3) - 0.4], row=1, col=2)
    fig.update_yaxes(visible=False, range=[-0.55, 2.55])
    fig.update_layout(template=TEMPLATE, height=360, margin=dict(l=10, r=10, t=70, b=10),
                      title=f"{paradigm.title}: {paradigm.summary}")
    return fig
