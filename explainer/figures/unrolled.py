"""The rolled RNN unrolled over the user's sentence, then walked token by token.

    rolled:  y_t                   unrolled:  y_1     y_2     y_3
              ↑ W_y                            ↑ W_y   ↑ W_y   ↑ W_y
             h_t ⟲ W_h                        h_1 ──→ h_2 ──→ h_3   (W_h: h_{t-1} → h_t)
              ↑ W_x                            ↑ W_x   ↑ W_x   ↑ W_x
             x_t                              x_1     x_2     x_3

The network is the many-to-many graph of figures.graphs (nodes x_t, h_t, y_t; edges named by
their weight matrix) and both layouts are computed from it. The first frames move every step's
nodes from the one rolled cell out to their own columns; then one frame per token lights that
step: h_t is a column of squares coloured by the trained tagger's real hidden values, y_t takes
the predicted tag's colour.

Payload: a trace that grows during the walk (squares, edges, nodes seen so far) carries every
point once, and each frame sends only a prefix of its x (plotly draws min(len(x), len(y))
points); tag labels grow the same way through a prefix of tickvals. 40 tokens: about 210 kB.
The figure is a plain dict in plotly.js's own terms, built on every request (see
figures.plain): as go objects, validating every property took most of its time.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from ..traces.tagging import TaggingTrace
from .graphs import grid_layout, paradigm_graph, rolled_graph
from .labels import busiest_units, escaped, token_labels
from .plain import merged
from .theme import COLORS, DIVERGING_SCALE, FONT_SIZE, TEMPLATE_DICT, UPOS_COLORS

MAX_TOKENS = 64
WIDTH_HINT = 1180       # px of plot area in a 1400-px window: turns px sizes into column units
EDGE, FAINT, BLANK = "#6b6b6b", "rgba(150,150,150,0.28)", "#d9d9d9"   # BLANK: h not computed yet
ACTIVE = COLORS["attention"]
# trace indices, in drawing order: the rolled/unrolling cell, then the walk's layers
(MORPH_EDGES, MORPH_BARS, MORPH_NODES, FAINT_EDGES, FAINT_BARS, FAINT_NODES, SEEN_EDGES,
 SEEN_SQUARES, SEEN_NODES, ACTIVE_EDGES, ACTIVE_SQUARES, ACTIVE_RINGS, LABELS) = range(13)


# ---- sizes, and the graph's two layouts ------------------------------------------------------

@dataclass(frozen=True)
class Geometry:
    """Sizes for T steps. Step t sits at x = t; heights are px above the plot's bottom edge
    (the y axis spans the plot area in px), so one h column's squares stack exactly."""
    steps: int
    units: int
    col_px: float           # width of one column
    square: float           # side of one unit's square (and width of a blank h bar)
    node: float             # diameter of x_t and y_t once unrolled
    rolled_node: float = 56.0
    rolled_bar: float = 30.0
    gap: float = 52.0       # room for the W_x and W_y arrows

    @classmethod
    def for_steps(cls, steps: int, units: int) -> "Geometry":
        col_px = WIDTH_HINT / (steps + 1.2)
        return cls(steps, units, col_px, square=float(np.clip(0.45 * col_px, 7, 16)),
                   node=float(np.clip(0.7 * col_px, 13, 46)))

    @property
    def pitch(self) -> float:
        return self.square + 2

    @property
    def half_column(self) -> float:
        """Half the height of an h column."""
        return self.units * self.pitch / 2

    @property
    def rows(self) -> dict[str, float]:
        x = 8 + self.rolled_node / 2
        h = x + self.rolled_node / 2 + self.gap + self.half_column
        return {"x": x, "h": h, "y": h + self.half_column + self.gap + self.rolled_node / 2}

    @property
    def plot_px(self) -> float:
        return self.rows["y"] + self.rolled_node / 2 + 8

    def px(self, pixels: float) -> float:
        """Pixels as x units."""
        return pixels / self.col_px


def layout_positions(graph: nx.DiGraph, g: Geometry, unrolled: float) -> dict:
    """node -> (x, y): every step on the centre column (unrolled=0: the rolled cell), on its own
    column (unrolled=1), or in between. Rows come from a node's kind, columns from its step."""
    centre = (g.steps - 1) / 2
    return grid_layout(graph, g.rows, lambda step: centre + (step - centre) * unrolled)


def shown_units(trace: TaggingTrace, count: int = 16) -> np.ndarray:
    """The `count` units whose value moves most over the sentence, in index order."""
    return np.sort(busiest_units(trace.hidden, count))


# ---- drawing pieces --------------------------------------------------------------------------

def _arrows(graph, edges, pos, g: Geometry, node_px: float, bar_px: float):
    """Edges as x, y and arrow-head size arrays with NaN gaps; a self-loop is drawn as a curve
    out of the right of the h column and back in."""
    xs, ys, sizes = [], [], []
    head = float(np.clip(node_px * 0.35, 9, 16))
    for a, b in edges:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        kind = graph.edges[a, b]["matrix"]
        if a == b:
            theta = np.linspace(np.pi / 2, -np.pi / 2, 24)
            x0 += g.px(bar_px / 2 + 2)
            xs += [*(x0 + g.px(80) * np.cos(theta)), np.nan]
            ys += [*(y0 + 0.6 * g.half_column * np.sin(theta)), np.nan]
            sizes += [0] * 23 + [15, 0]
            continue
        if kind == "W_x":
            y0, y1 = y0 + node_px / 2 + 2, y1 - g.half_column - 4
        elif kind == "W_y":
            y0, y1 = y0 + g.half_column + 4, y1 - node_px / 2 - 2
        else:
            inset = g.px(g.square / 2 + 4)
            if x1 - x0 < 2 * inset + g.px(10):      # columns not apart yet: no room for W_h
                continue
            x0, x1 = x0 + inset, x1 - inset
        xs += [x0, x1, np.nan]
        ys += [y0, y1, np.nan]
        sizes += [0, head, 0]
    return np.array(xs, np.float32), np.array(ys, np.float32), np.array(sizes, np.float32)


def _scatter(**properties) -> dict:
    return dict(type="scatter", **properties)


def _edges(x, y, sizes, color, width, visible=True) -> dict:
    return _scatter(x=x, y=y, mode="lines+markers", visible=visible, hoverinfo="skip",
                    line=dict(color=color, width=width),
                    marker=dict(symbol="arrow", angleref="previous", size=sizes, color=color,
                                line=dict(width=0)))


def _bar(g: Geometry, color: str) -> dict:
    """An h not computed yet: one blank bar where its squares will be (line-ns is 1.4 x size)."""
    return dict(symbol="line-ns", size=(2 * g.half_column - 2) / 1.4,
                line=dict(color=color, width=g.square))


def _square_y(g: Geometry) -> np.ndarray:
    """(K,) heights of one h column's squares, units top to bottom."""
    top = g.rows["h"] + g.half_column - g.pitch / 2
    return (top - g.pitch * np.arange(g.units)).astype(np.float32)


def _colorbar(g: Geometry) -> dict:
    return dict(title=dict(text="h", side="top"), thickness=12, tickvals=[-1, 0, 1], x=1.0,
                xpad=12, len=min(0.5, 2 * g.half_column / g.plot_px),
                y=g.rows["h"] / g.plot_px, yanchor="middle")


def _short(token: str, limit: int = 12) -> str:
    return escaped(token if len(token) <= limit else token[: limit - 1] + "…")


W = {m: f"W<sub>{m[-1]}</sub>" for m in ("W_x", "W_h", "W_y")}


class _Builder:
    """The trace, its graph and sizes, while the figure's traces and frames are made."""

    def __init__(self, trace: TaggingTrace, units: int, morph_steps: int):
        self.trace, self.T, self.morph_steps = trace, len(trace.tokens), morph_steps
        self.names = token_labels(trace.tokens)                              # of the walk's frames
        self.units = shown_units(trace, min(units, trace.hidden.shape[1]))
        self.g = Geometry.for_steps(self.T, len(self.units))
        self.graph = paradigm_graph("many-to-many", self.T)
        self.final = layout_positions(self.graph, self.g, 1.0)
        self.values = trace.hidden[:, self.units].astype(np.float32)          # (T, K)
        self.tags, self.confidence = trace.predicted, trace.probs.max(axis=1)
        # edges in step order, so that the edges of steps 0..t are a prefix
        self.edge_order = [e for t in range(self.T) for e in self.step_edges(t)]
        self.edge_ends = np.cumsum([3 * len(self.step_edges(t)) for t in range(self.T)])
        self.edges = _arrows(self.graph, self.edge_order, self.final, self.g, self.g.node, 0)

    @staticmethod
    def step_edges(t: int) -> list:
        return [(("h", t - 1), ("h", t))] * (t > 0) + [(("x", t), ("h", t)), (("h", t), ("y", t))]

    def base(self) -> list[dict]:
        """Every trace as the walk's layers need it; frames switch them on and grow them."""
        g, T, K = self.g, self.T, len(self.units)
        bars = dict(x=np.arange(T), y=np.full(T, g.rows["h"], np.float32), mode="markers",
                    hoverinfo="skip")
        nodes = np.array([self.final[(k, t)] for t in range(T) for k in "xy"], np.float32).T
        node_colors = [c for tag in self.tags
                       for c in (COLORS["input"], UPOS_COLORS.get(tag, EDGE))]
        hover = [s for t in range(T) for s in (self._x_hover(t), self._y_hover(t))]
        steps_units = np.stack([np.repeat(np.arange(1, T + 1), K), np.tile(self.units, T)], -1)
        outline = dict(color="#666", width=1.5)
        return [
            _edges([], [], [], EDGE, 3),
            _scatter(**bars, marker=_bar(g, BLANK)),
            _scatter(x=nodes[0], y=nodes[1], mode="markers", hoverinfo="skip",
                     marker=dict(size=g.node, color=[COLORS["input"], BLANK] * T, line=outline)),
            _edges(*self.edges, FAINT, 2, visible=False),
            _scatter(**bars, visible=False, marker=_bar(g, FAINT)),
            _scatter(x=nodes[0], y=nodes[1], mode="markers", visible=False, hoverinfo="skip",
                     marker=dict(size=g.node, color=FAINT)),
            _edges(*self.edges, EDGE, 2.5, visible=False),
            _scatter(x=np.repeat(np.arange(T), K), y=np.tile(_square_y(g), T), mode="markers",
                     visible=False, customdata=steps_units,
                     marker=dict(symbol="square", size=g.square, color=self.values.ravel(),
                                 colorscale=DIVERGING_SCALE, cmin=-1, cmax=1, colorbar=_colorbar(g),
                                 line=dict(color="rgba(90,90,90,0.5)", width=1)),
                     hovertemplate="h<sub>%{customdata[0]}</sub>, unit %{customdata[1]}: "
                                   "%{marker.color:+.3f}<extra></extra>"),
            # on the top axis, which only draws its tag labels if a trace uses it
            _scatter(x=nodes[0], y=nodes[1], mode="markers", visible=False, xaxis="x2",
                     hovertext=hover, hoverinfo="text",
                     marker=dict(size=g.node, color=node_colors, line=outline)),
            _edges([], [], [], ACTIVE, 4.5, visible=False),
            _scatter(mode="markers", visible=False, hoverinfo="skip",
                     marker=dict(symbol="square", size=g.square + 2, colorscale=DIVERGING_SCALE,
                                 cmin=-1, cmax=1, line=dict(color=ACTIVE, width=2))),
            _scatter(mode="markers", visible=False, hoverinfo="skip",
                     marker=dict(symbol="circle-open", size=g.node + 12, color=ACTIVE,
                                 line=dict(color=ACTIVE, width=4))),
            _scatter(mode="text", hoverinfo="skip", textfont=dict(size=FONT_SIZE, color="#333")),
        ]

    def _x_hover(self, t: int) -> str:
        unknown = " — not in the vocabulary: read as &lt;unk&gt;" if self.trace.unknown[t] else ""
        return (f"x<sub>{t + 1}</sub>: “{escaped(self.trace.tokens[t])}”{unknown}<br>"
                f"a vector of {self.trace.input_size} numbers")

    def _y_hover(self, t: int) -> str:
        return (f"y<sub>{t + 1}</sub>: {self.tags[t]} ({self.confidence[t]:.0%})<br>"
                f"softmax(h<sub>{t + 1}</sub> W<sub>y</sub><sup>T</sup> + b<sub>y</sub>) over {len(self.trace.tag_names)} tags")

    def morph_frame(self, k: int) -> dict:
        """Frame k of the unrolling: 0 is the rolled cell, morph_steps + 1 the unrolled net."""
        n, g = self.morph_steps, self.g
        s = k / (n + 1)
        unrolled = s * s * (3 - 2 * s)                       # smoothstep: ease in and out
        pos = layout_positions(self.graph, g, unrolled)
        node_px = g.rolled_node + (g.node - g.rolled_node) * unrolled
        bar_px = g.rolled_bar + (g.square - g.rolled_bar) * unrolled
        if k == 0:                                           # in the walk's edge order
            loop = (("h", 0), ("h", 0))
            edges = _arrows(rolled_graph("many-to-many"), [*self.step_edges(0), loop], pos, g,
                            node_px, bar_px)
        else:
            edges = _arrows(self.graph, self.edge_order, pos, g, node_px, bar_px)
        cols = np.array([pos[("h", t)][0] for t in range(self.T)], np.float32)
        t = min(1, self.T - 1)                               # the weights are named on step 2
        w_h = [] if k == 0 else range(1, self.T) if k == n + 1 else [t] * (t > 0)
        data = [_edges(*edges, EDGE, 3),
                _scatter(visible=True, x=cols, marker=dict(line=dict(width=bar_px))),
                _scatter(visible=True, x=np.repeat(cols, 2), marker=dict(size=node_px)),
                *[_scatter(visible=False) for _ in range(FAINT_EDGES, LABELS)],
                self._labels(pos, t, node_px, w_h, rolled=k == 0)]
        name = "rolled" if k == 0 else "unrolled" if k == n + 1 else f"unrolling {k}/{n}"
        return dict(name=name, data=data, traces=list(range(LABELS + 1)),
                    layout=self._frame_layout(self._morph_caption(k), tokens=k == n + 1))

    def walk_frame(self, t: int) -> dict:
        """Step t lit, steps before it seen (values, tags), steps after it dimmed."""
        g, K = self.g, len(self.units)
        (hx, _), (xx, xy), (yx, yy) = (self.final[(kind, t)] for kind in "hxy")
        on = dict(visible=True)
        data = [*[_scatter(visible=False) for _ in range(FAINT_EDGES)],
                _scatter(**on), _scatter(**on), _scatter(**on),
                _scatter(**on, x=self.edges[0][: self.edge_ends[t]]),
                _scatter(**on, x=np.repeat(np.arange(t + 1), K)),
                _scatter(**on, x=np.repeat(np.arange(t + 1), 2)),
                _edges(*_arrows(self.graph, self.step_edges(t), self.final, g, g.node, 0),
                       ACTIVE, 4.5),
                _scatter(**on, x=np.full(K, hx, np.float32), y=_square_y(g),
                         marker=dict(color=self.values[t])),
                _scatter(**on, x=np.array([xx, yx], np.float32),
                         y=np.array([xy, yy], np.float32)),
                self._labels(self.final, t, g.node, [t] * (t > 0), left=0 < t == self.T - 1)]
        return dict(name=self.names[t], data=data,
                    traces=list(range(LABELS + 1)),
                    layout=self._frame_layout(self._walk_caption(t), tokens=True, step=t))

    def _labels(self, pos, t: int, node_px: float, w_h, rolled=False, left=False) -> dict:
        """W_x and W_y beside step t's arrows (left of them on the last column), W_h over the
        arrows into the steps in w_h where columns are wide enough; the rolled cell's names."""
        g = self.g
        (hx, hy), (xx, xy), (yx, yy) = pos[("h", t)], pos[("x", t)], pos[("y", t)]
        side, where = (-1, "middle left") if left else (1, "middle right")
        below, above = hy - g.half_column, hy + g.half_column          # the h column's ends
        items = [(xx + side * g.px(6), (xy + node_px / 2 + below) / 2, W["W_x"], where),
                 (yx + side * g.px(6), (yy - node_px / 2 + above) / 2, W["W_y"], where)]
        items += [((pos[("h", s - 1)][0] + pos[("h", s)][0]) / 2, hy + 6, W["W_h"], "top center")
                  for s in w_h if pos[("h", s)][0] - pos[("h", s - 1)][0] > g.px(64)]
        if rolled:
            words = ", ".join(f"“{_short(w)}”" for w in self.trace.tokens[:3])
            beside = g.px(node_px / 2 + 6)
            items += [(hx + g.px(g.rolled_bar / 2 + 92), hy,
                       f"{W['W_h']}: h<sub>t-1</sub> → h<sub>t</sub>", "middle right"),
                      (hx - g.px(g.rolled_bar / 2 + 6), hy, "h<sub>t</sub>", "middle left"),
                      (xx + beside, xy, f"x<sub>t</sub> = {words}{', …' * (self.T > 3)}: "
                                        "one word per step", "middle right"),
                      (yx + beside, yy, "y<sub>t</sub> = its tag", "middle right")]
        x, y, text, where = zip(*items)
        return _scatter(visible=True, x=list(x), y=list(y), text=list(text),
                        textposition=list(where))

    # ---- titles and axes ---------------------------------------------------------------------
    def _frame_layout(self, caption: str, tokens: bool, step: int | None = None) -> dict:
        """The caption, and which tick labels show: tags of steps 0..step (a tickvals prefix)."""
        return dict(title=dict(subtitle=dict(text=caption)), xaxis=dict(showticklabels=tokens),
                    xaxis2=dict(showticklabels=step is not None,
                                tickvals=list(range(0 if step is None else step + 1))))

    @property
    def _headline(self) -> str:
        cell = self.trace.cell_name
        note = (" — h<sub>t</sub> shown; the cell state c<sub>t</sub> is in the gates view"
                if self.trace.has_cell_state else "")
        return f"<b>{cell}</b> tagger “{escaped(self.trace.model)}”, rolled and unrolled{note}"

    def _morph_caption(self, k: int) -> str:
        n, T = self.morph_steps, self.T
        if k == 0:
            update = ("h<sub>t</sub>, c<sub>t</sub> = LSTM(x<sub>t</sub>, h<sub>t-1</sub>, "
                      "c<sub>t-1</sub>)" if self.trace.has_cell_state
                      else "h<sub>t</sub> = tanh(x<sub>t</sub> W<sub>x</sub><sup>T</sup> + "
                           "h<sub>t-1</sub> W<sub>h</sub><sup>T</sup> + b<sub>h</sub>)")
            return (f"One cell and one set of weights, used at every step: {update}, "
                    f"ŷ<sub>t</sub> = softmax(h<sub>t</sub> W<sub>y</sub><sup>T</sup> + b<sub>y</sub>)")
        if k <= n:
            return f"Unrolling over the {T} token{'s' * (T > 1)}: one copy of the cell per step"
        return (f"Unrolled: {T} copies sharing W<sub>x</sub>, W<sub>h</sub>, W<sub>y</sub>; "
                f"the W<sub>h</sub> arrows carry h<sub>t-1</sub> into h<sub>t</sub>")

    def _walk_caption(self, t: int) -> str:
        K, H = len(self.units), self.trace.hidden.shape[1]
        token = escaped(self.trace.tokens[t])
        return (f"Step {t + 1}/{self.T}: x<sub>{t + 1}</sub> = “{token}” → "
                f"h<sub>{t + 1}</sub> ({K} most-varying of {H} units) → "
                f"y<sub>{t + 1}</sub> = {self.tags[t]} ({self.confidence[t]:.0%})")

    def layout(self) -> dict:
        g, T = self.g, self.T
        flat = T <= 14
        angle = 0 if flat else -90 if T > 28 else -50
        tags = [f'<span style="color:{UPOS_COLORS.get(tag, EDGE)}"><b>{tag}</b></span>'
                f'{"<br>" if flat else " "}{p:.0%}' for tag, p in zip(self.tags, self.confidence)]
        # rotated tick labels need room: ~9.5 px per character at 16 px
        slant = 0 if flat else 1 if angle == -90 else 0.8
        longest = max(len(_short(tok)) for tok in self.trace.tokens)
        tag_chars = max(len(f"{tag} {p:.0%}") for tag, p in zip(self.tags, self.confidence))
        bottom = 44 if flat else int(28 + 9.5 * longest * slant)
        top = 112 + (48 if flat else int(12 + 9.5 * tag_chars * slant))
        axis = dict(range=[-0.6, T - 0.4], tickvals=list(range(T)), showgrid=False,
                    zeroline=False, tickangle=angle, ticks="", fixedrange=True,
                    tickfont=dict(size=FONT_SIZE - 2))
        rows = g.rows
        return dict(
            template=TEMPLATE_DICT, height=int(g.plot_px + top + bottom), showlegend=False,
            margin=dict(l=110, r=70, t=top, b=bottom),
            title=dict(text=self._headline, x=0.01, xanchor="left", y=0.98, yanchor="top",
                       yref="container", subtitle=dict(font=dict(size=FONT_SIZE - 2))),
            xaxis=dict(axis, ticktext=[_short(tok) for tok in self.trace.tokens]),
            xaxis2=dict(axis, overlaying="x", side="top", ticktext=tags),
            yaxis=dict(range=[0, g.plot_px], showgrid=False, zeroline=False, fixedrange=True,
                       tickvals=[rows["x"], rows["h"], rows["y"]],
                       ticktext=["x<sub>t</sub> word", "h<sub>t</sub> state", "y<sub>t</sub> tag"]))


def morph_frame_count(morph_steps: int = 4) -> int:
    """Frames before the walk: "rolled", "unrolling 1/n" ... "unrolling n/n", "unrolled"."""
    return morph_steps + 2


def unrolled_figure(trace: TaggingTrace, units: int = 16, morph_steps: int = 4) -> dict:
    """The rolled cell unrolling over the sentence, then one frame per token, for the Player.

    trace: a TaggingTrace with 1..64 tokens; hidden (T, H) colours the squares of h_t.
    units: how many of the H hidden units to show (the most-varying over this sentence).
    morph_steps: in-between frames of the unrolling. Frames: morph_frame_count(morph_steps) + T,
    named "rolled", "unrolling 1/4", ..., "unrolled", "1 The", "2 cats", ...
    Returns a plain-dict figure {"data", "layout", "frames"}.
    """
    T = len(trace.tokens)
    if not 1 <= T <= MAX_TOKENS:
        raise ValueError(f"The unrolled view draws 1 to {MAX_TOKENS} tokens; this sentence has "
                         f"{T}. Shorten it (or split it) and try again.")
    if trace.hidden.shape[0] != T:
        raise ValueError(f"trace.hidden has {trace.hidden.shape[0]} rows, while there are {T} "
                         "tokens: build the trace with explain_tagging.")
    builder = _Builder(trace, units, morph_steps)
    frames = [builder.morph_frame(k) for k in range(morph_frame_count(morph_steps))]
    frames += [builder.walk_frame(t) for t in range(T)]
    # the still figure is the rolled frame
    data = [merged(base, update) for base, update in zip(builder.base(), frames[0]["data"])]
    return dict(data=data, layout=merged(builder.layout(), frames[0]["layout"]), frames=frames)
