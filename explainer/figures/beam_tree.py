"""The beam tree: every hypothesis a beam search kept at each step (Sutskever et al. 2014;
Bahdanau et al. 2015), drawn left to right, one column per output position.

Each node is a partial translation (its parent's plus one token), labelled with that token and
log p(prefix | x). Pruned hypotheses (nothing finished grew from them) are faded; finished ones
(</s>) are squares; the path of the translation the beam chose is thick. Hovering a node shows
the attention row of the step that chose its token; clicking it shows that row in full beside
the tree (the page's static/beam_tree.js reads it from the nodes' customdata, `node_data`).
Greedy decoding is a beam of one: a single path. Layout: networkx's multipartite layout over
the steps, nodes added depth first (best child first) so that no two edges cross.
"""
from __future__ import annotations

import networkx as nx
import numpy as np

from ..traces.translation import BeamTreeTrace
from .labels import escaped
from .theme import COLORS, TEMPLATE_DICT

SHOWN = {"<unk>": "⟨unk⟩", "</s>": "⟨end⟩"}
ATTENDED = 3                 # source tokens named in a node's hover text
FADED, KEPT = 0.35, 1.0
GREY = "#808080"             # mid grey: seen on a light and on a dark page


def tree_graph(trace: BeamTreeTrace) -> nx.DiGraph:
    """Nodes 0..N-1 (and "start"), each with its step as `layer` (start: -1), added depth first,
    best log-probability first, so the multipartite layout draws no crossing edges."""
    graph = nx.DiGraph()
    children: dict[int, list[int]] = {}
    for i, parent in enumerate(trace.parents.tolist()):
        children.setdefault(parent, []).append(i)
    stack, order = [-1], []
    while stack:
        node = stack.pop()
        order.append(node)
        kids = sorted(children.get(node, []), key=lambda i: -trace.log_probabilities[i])
        stack.extend(reversed(kids))
    for node in order:
        graph.add_node("start" if node < 0 else node,
                       layer=-1 if node < 0 else int(trace.steps[node]))
    for i, parent in enumerate(trace.parents.tolist()):
        graph.add_edge("start" if parent < 0 else parent, i)
    return graph


def prefix(trace: BeamTreeTrace, i: int) -> str:
    """Node i's partial translation: as the model writes it when the trace has it, else its
    tokens; ⟨end⟩ after a finished one."""
    if trace.prefixes:
        written = trace.prefixes[i].replace("<unk>", SHOWN["<unk>"])
        return written + (" ⟨end⟩" if trace.ended[i] else "")
    path, j = [], i
    while j >= 0:
        path.append(SHOWN.get(trace.tokens[j], trace.tokens[j]))
        j = int(trace.parents[j])
    return " ".join(path[::-1])


def state(trace: BeamTreeTrace, i: int) -> str:
    if trace.winner[i]:
        return "the chosen translation" if i == shown_node(trace) else \
            "on the chosen translation's path"
    return "pruned" if trace.pruned[i] else "finished" if trace.ended[i] else "kept to the end"


def node_data(trace: BeamTreeTrace) -> list[list]:
    """Per node, what a click shows (plain text, set as text by the page, never as HTML):
    [prefix, log p, state, the token it added, *its attention row over trace.source]."""
    rows = trace.attention if trace.attention is not None else np.zeros((len(trace.tokens), 0))
    return [[prefix(trace, i), round(float(trace.log_probabilities[i]), 4), state(trace, i),
             SHOWN.get(trace.tokens[i], trace.tokens[i]),
             *[round(float(a), 4) for a in rows[i]]] for i in range(len(trace.tokens))]


def shown_node(trace: BeamTreeTrace) -> int:
    """The node whose row shows before any click: the chosen translation's last."""
    chosen = np.flatnonzero(trace.winner)
    return int(chosen[-1]) if len(chosen) else 0


def _hover(trace: BeamTreeTrace, i: int) -> str:
    log_p = float(trace.log_probabilities[i])
    lines = [f"<b>{escaped(prefix(trace, i))}</b>",
             f"log p = {log_p:.2f} (p = {np.exp(log_p):.1%})"]
    if trace.attention is not None:
        row = trace.attention[i]
        top = np.argsort(-row, kind="stable")[:ATTENDED]
        lines.append("looked at: " + ", ".join(
            f"{escaped(trace.source[s])} {row[s]:.2f}" for s in top))
    return "<br>".join(lines + [state(trace, i)])


def _edges(trace: BeamTreeTrace, x: np.ndarray, y: np.ndarray, start) -> list[dict]:
    """One line trace per kind of edge: the winner's thick, the pruned ones faded."""
    lines = {"winner": ([], []), "kept": ([], []), "pruned": ([], [])}
    for i in range(len(trace.tokens)):
        parent = int(trace.parents[i])
        x0, y0 = (start if parent < 0 else (x[parent], y[parent]))
        kind = "winner" if trace.winner[i] else "pruned" if trace.pruned[i] else "kept"
        lines[kind][0].extend([float(x0), float(x[i]), None])
        lines[kind][1].extend([float(y0), float(y[i]), None])
    style = {"winner": dict(color=COLORS["attention"], width=5),
             "kept": dict(color=GREY, width=1.5),
             "pruned": dict(color="rgba(150,150,150,0.35)", width=1)}
    return [dict(type="scatter", mode="lines", x=xs, y=ys, line=style[kind], hoverinfo="skip",
                 name={"winner": "the chosen translation", "kept": "kept to the end",
                       "pruned": "pruned"}[kind], showlegend=bool(xs))
            for kind, (xs, ys) in lines.items()]


def _nodes(trace: BeamTreeTrace, x: np.ndarray, y: np.ndarray) -> dict:
    """The hypotheses: token above, hover text, and what a click shows (customdata)."""
    return dict(
        type="scatter", mode="markers+text", x=x, y=y, showlegend=False, name="hypotheses",
        customdata=node_data(trace),
        text=[escaped(SHOWN.get(t, t)) for t in trace.tokens], textposition="top center",
        textfont=dict(size=13), hovertext=[_hover(trace, i) for i in range(len(trace.tokens))],
        hoverinfo="text",
        marker=dict(size=[14 if w else 9 for w in trace.winner],
                    color=[COLORS["attention"] if w else GREY for w in trace.winner],
                    opacity=np.where(trace.pruned, FADED, KEPT).astype(np.float32),
                    symbol=["square" if e else "circle" for e in trace.ended],
                    line=dict(width=0)))


def _ring(x: list[float], y: list[float]) -> dict:
    """The ring around the node whose row is shown (the page's script moves it on a click)."""
    return dict(type="scatter", mode="markers", showlegend=False, hoverinfo="skip",
                name="shown beside the tree", x=x, y=y,
                marker=dict(size=24, color="rgba(0,0,0,0)", symbol="circle",
                            line=dict(width=3, color=COLORS["attention"])))


def beam_tree_figure(trace: BeamTreeTrace) -> dict:
    """The tree as a plain-dict plotly figure: edges (pruned ones faded, the winner's thick),
    then nodes with their tokens; hover a node for its prefix, log p and attention row; a click
    shows that row beside the tree (layout.meta: the source words, the node shown first)."""
    graph = tree_graph(trace)
    layers: dict[int, list] = {}          # lists, in the depth-first order (networkx would group
    for node, layer in graph.nodes(data="layer"):    # a string key into sets, losing it)
        layers.setdefault(layer, []).append(node)
    position = nx.multipartite_layout(graph, subset_key=layers, align="vertical", scale=1)
    N = len(trace.tokens)
    x = np.array([position[i][0] for i in range(N)], dtype=np.float32)
    y = np.array([position[i][1] for i in range(N)], dtype=np.float32)
    start = position["start"]
    root = dict(type="scatter", mode="markers+text", x=[float(start[0])], y=[float(start[1])],
                text=["⟨start⟩"], textposition="middle left", showlegend=False,
                cliponaxis=False, marker=dict(size=10, color=GREY), hoverinfo="skip")
    shown = shown_node(trace) if N else None
    ring = _ring([] if shown is None else [float(x[shown])],
                 [] if shown is None else [float(y[shown])])
    steps = int(trace.steps.max(initial=0)) + 1
    title = ("Greedy decoding: one hypothesis, a single path" if trace.beam_size == 1 else
             f"Beam search, {trace.beam_size} hypotheses kept per step: {N} in all")
    return dict(data=[*_edges(trace, x, y, start), root, ring, _nodes(trace, x, y)], layout=dict(
        meta=dict(source=[SHOWN.get(t, t) for t in trace.source], unit=trace.unit,   # as text
                  shown=shown),
        template=TEMPLATE_DICT, height=max(320, min(900, 40 * trace.beam_size * 2 + 200)),
        margin=dict(t=80, l=70, r=20, b=50), hovermode="closest",
        title=dict(text=title, x=0, xref="paper", xanchor="left",  # clear of plotly's modebar
                   font=dict(size=20)),
        legend=dict(orientation="h", y=-0.05),
        xaxis=dict(visible=False, range=[float(start[0]) - 0.15,
                                         float(x.max(initial=start[0])) + 0.1]),
        yaxis=dict(visible=False),
        annotations=[dict(text=f"{steps} steps → · squares: finished (⟨end⟩) · faded: "
                          "pruned · click a node for its attention row", showarrow=False,
                          xref="paper", yref="paper", x=0, y=1.06, xanchor="left",
                          font=dict(size=13))]))
