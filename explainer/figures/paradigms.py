"""The five input/output paradigms as diagrams: the rolled network (left) and unrolled (right).

    one-to-one        x → h → y                      no sequence, no loop (a feed-forward net)
    one-to-many       x₁ → h₁ → h₂ → …, y at every step; each yₜ fed back as the next input
    many-to-one       x at every step → h₁ → … → h_T → one y at the end
    many-to-many      x and y at every step (synced: one output per input)
    encoder/decoder   x₁…x_S → encoder → context → decoder → y₁…y_T (lengths differ)

Each paradigm is a networkx graph (figures.graphs: nodes (kind, step)); the layout reads a node's
column from its step and its row from its kind, in both the rolled and unrolled pictures.
Optional labels put a real run's inputs and outputs under and over the unrolled nodes.
"""
from __future__ import annotations

from collections.abc import Sequence

from .graphs import PARADIGMS, grid_layout, paradigm_graph, rolled_graph
from .labels import escaped
from .plain import panel_title
from .theme import COLORS, FONT_SIZE, OKABE_ITO, TEMPLATE_DICT

NODE_COLORS = {"x": COLORS["input"], "h": COLORS["hidden"], "s": COLORS["hidden"],
               "y": OKABE_ITO["blue"]}
ROWS = {"x": 0.0, "h": 1.0, "s": 1.0, "y": 2.0}
EDGE_COLOR = "#777777"
FEEDBACK_COLOR = OKABE_ITO["orange"]
MAX_LABEL = 10
# the two panels side by side (rolled 0.24, unrolled 0.76 of the width, 0.04 apart), as
# make_subplots lays them out
PANELS = ((0.0, 0.2304), (0.2704, 1.0))


def _subscript(text: str) -> str:
    """"W_h" -> W<sub>h</sub> (plotly's text is a small subset of HTML)."""
    head, _, tail = text.partition("_")
    return f"{head}<sub>{tail}</sub>" if tail else text


def _names(nodes: list, rolled: bool) -> list[str]:
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
    return escaped(label)


def _self_loop(parts: dict, x0: float, y0: float, xref: str, yref: str, above: bool) -> None:
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
    parts["shapes"].append(dict(type="path", xref=xref, yref=yref,
                                line=dict(color=EDGE_COLOR, width=3), path=path))
    parts["annotations"].append(dict(xref=xref, yref=yref, text="W<sub>h</sub>", showarrow=False,
                                     font=dict(size=FONT_SIZE - 2), **label))


def _edge(parts: dict, a: tuple, b: tuple, matrix: str, xref: str, yref: str,
          rolled: bool) -> None:
    """An arrow from a to b (points), stopping short of both nodes; named on the rolled cell,
    and where it is the context or an output fed back."""
    color = FEEDBACK_COLOR if matrix == "fed back" else EDGE_COLOR
    (x0, y0), (x1, y1) = a, b
    shrink = 0.2
    dx, dy = x1 - x0, y1 - y0
    length = (dx * dx + dy * dy) ** 0.5
    parts["annotations"].append(dict(
        x=x1 - dx / length * shrink, y=y1 - dy / length * shrink,
        ax=x0 + dx / length * shrink, ay=y0 + dy / length * shrink,
        xref=xref, yref=yref, axref=xref, ayref=yref, text="", showarrow=True,
        arrowhead=2, arrowsize=1.2, arrowwidth=3 if matrix != "context" else 5,
        arrowcolor=OKABE_ITO["vermillion"] if matrix == "context" else color))
    if rolled or matrix in ("context", "fed back"):
        parts["annotations"].append(dict(
            x=(x0 + x1) / 2, y=(y0 + y1) / 2, xref=xref, yref=yref, text=_subscript(matrix),
            showarrow=False, xshift=10 if dx == 0 else 0, yshift=12 if dy == 0 else 0,
            xanchor="left" if dx == 0 else "center", font=dict(size=FONT_SIZE - 4, color=color)))


def _draw(parts: dict, graph, col: int, rolled: bool, inputs, outputs,
          spread: float = 1.0) -> None:
    """One panel's edges, nodes and labels, appended to parts' data, annotations and shapes."""
    pos = grid_layout(graph, ROWS, lambda step: spread * step)
    xref, yref = ("x", "y") if col == 1 else ("x2", "y2")
    for a, b, data in graph.edges(data=True):
        if a == b:                                       # the recurrence of a rolled cell (W_h)
            _self_loop(parts, *pos[a], xref, yref,
                       above=any(pos[n][0] > pos[a][0] for n in graph.successors(a)))
        else:
            _edge(parts, pos[a], pos[b], data["matrix"], xref, yref, rolled)
    for kind in ("x", "h", "s", "y"):
        nodes = [n for n, d in graph.nodes(data=True) if d["kind"] == kind]
        if not nodes:
            continue
        parts["data"].append(dict(
            type="scatter", x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes],
            mode="markers+text", xaxis=xref, yaxis=yref,
            marker=dict(symbol="square" if kind in "hs" else "circle", size=44,
                        color=NODE_COLORS[kind], line=dict(color="#333", width=1.5)),
            text=_names(nodes, rolled), textposition="middle center",
            textfont=dict(color="#111" if kind != "y" else "white", size=FONT_SIZE - 2),
            hoverinfo="skip", showlegend=False))
        labels = inputs if kind == "x" else outputs if kind == "y" else None
        if labels is not None and not rolled:
            offset = min(n[1] for n in nodes)
            parts["annotations"] += [
                dict(x=pos[n][0], y=pos[n][1], xref=xref, yref=yref,
                     text=f"<b>{_short(labels[n[1] - offset])}</b>", showarrow=False,
                     yshift=-36 if kind == "x" else 36, font=dict(size=FONT_SIZE, color="#222"))
                for n in nodes if n[1] - offset < len(labels)]


def paradigm_figure(key: str, steps: int = 4, out_steps: int = 3,
                    inputs: Sequence[str] | None = None,
                    outputs: Sequence[str] | None = None) -> dict:
    """Rolled (left) and unrolled (right) diagrams of one paradigm, as a plain-dict figure.

    steps: input steps drawn (one-to-one draws one); out_steps: decoder steps (encoder/decoder).
    inputs / outputs: optional labels of a real run, one per drawn input / output node, in order.
    """
    paradigm = PARADIGMS.get(key)
    if paradigm is None:
        raise ValueError(f"unknown paradigm {key!r}; choose one of {sorted(PARADIGMS)}")
    unrolled = paradigm_graph(key, steps, out_steps)
    columns = max(d["step"] for _, d in unrolled.nodes(data=True)) + 1
    titles = ("rolled", "unrolled over time" if key != "one-to-one" else "nothing to unroll")
    parts = dict(data=[], shapes=[], annotations=[
        panel_title(title, (left + right) / 2) for title, (left, right) in zip(titles, PANELS)])
    spread = 2.2 if key == "encoder-decoder" else 1.0      # room for two rolled loops
    _draw(parts, rolled_graph(key), 1, True, None, None, spread)
    _draw(parts, unrolled, 2, False, inputs, outputs)
    rows = dict(visible=False, range=[-0.55, 2.55], domain=[0.0, 1.0])
    return dict(data=parts["data"], layout=dict(
        template=TEMPLATE_DICT, height=360, margin=dict(l=10, r=10, t=70, b=10),
        title=dict(text=f"{paradigm.title}: {paradigm.summary}"),
        annotations=parts["annotations"], shapes=parts["shapes"],
        xaxis=dict(anchor="y", domain=list(PANELS[0]), visible=False,
                   range=[-0.6, spread * (key == "encoder-decoder") + 1.2]),
        yaxis=dict(anchor="x", **rows),
        xaxis2=dict(anchor="y2", domain=list(PANELS[1]), visible=False,
                    range=[-0.6, max(columns, 3) - 0.4]),
        yaxis2=dict(anchor="x2", **rows)))
