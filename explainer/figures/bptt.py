"""BPTT pictures: gradient norms per step on a log scale, the unrolled graph with every backward
edge drawn as wide and as bright as the gradient it carries, and truncation's cuts.

    loss L at step k
         ↑
    h_0 ← h_1 ← h_2 ← … ← h_k        backward edge h_{t+1} → h_t carries ∂L/∂h_t
     ↑     ↑     ↑         ↑
    x_0   x_1   x_2       x_k

Pure functions of the traces in explainer.traces.bptt (and of plain options); no model is called.
Every figure is a plain dict (see figures.plain).
"""
from __future__ import annotations

import numpy as np
from plotly.colors import sample_colorscale

from ..traces.bptt import GradientFlowTrace, TruncationCurve
from .labels import escaped, token_labels
from .plain import hline, panel_title
from .theme import COLORS, FONT_SIZE, OKABE_ITO, SEQUENTIAL_SCALE, TEMPLATE_DICT

GRADIENT = COLORS["recurrent"]       # ∂L/∂W_hh: the recurrent weight's colour
PATH = COLORS["hidden"]              # gradient flowing back through the hidden states
REFERENCE = COLORS["input"]          # the unchanged model, drawn behind
FAINT = "rgba(150,150,150,0.45)"
REACHED, CUT = OKABE_ITO["green"], OKABE_ITO["vermillion"]
MARK = "#888"                         # the loss and the delay line: readable on light and dark
MAX_WIDTH = 14                        # px of the widest backward edge
DECADES = 12                          # the colour scale spans at most this many powers of ten


def _log_range(values: np.ndarray) -> tuple[float, float]:
    """log10 bounds of the positive finite values, at most DECADES apart."""
    good = values[np.isfinite(values) & (values > 0)]
    if not len(good):
        return -1.0, 0.0
    hi = float(np.log10(good.max()))
    lo = max(float(np.log10(good.min())), hi - DECADES)
    return (lo, hi) if hi > lo else (lo - 1, hi)


def _positive(values: np.ndarray) -> np.ndarray:
    """Zeros and overflows become gaps on a log axis."""
    out = np.asarray(values, float).copy()
    out[~np.isfinite(out) | (out <= 0)] = np.nan
    return out


# ---- gradient norms ----------------------------------------------------------------------------

def gradient_norms_figure(trace: GradientFlowTrace) -> dict:
    """Top: ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) per token, log scale. Bottom: each step's term of ∂L/∂W_hh,
    and the same terms after clipping the whole gradient's norm. A plain-dict figure (drawn on
    every request: see figures.plain)."""
    labels = token_labels(trace.tokens)
    k = trace.loss_step
    lines = []
    if trace.reference_grad is not None:
        lines.append(dict(type="scatter", x=labels, y=_positive(trace.reference_grad),
                          mode="lines", line=dict(color=REFERENCE, dash="dash"),
                          name="unchanged " + ("(as trained)" if trace.cell != "gru"
                                               else "(as drawn)")))
    lines.append(dict(type="scatter", x=labels, y=_positive(trace.hidden_grad), name="‖∂L/∂h_t‖",
                      line=dict(color=COLORS["hidden"]), mode="lines+markers"))
    if trace.cell_grad is not None:
        lines.append(dict(type="scatter", x=labels, y=_positive(trace.cell_grad),
                          name="‖∂L/∂c_t‖", line=dict(color=COLORS["cell"]),
                          mode="lines+markers"))
    bars = [dict(type="bar", x=labels, y=_positive(trace.weight_grad),
                 name="step t's term of ∂L/∂W_hh", marker=dict(color=GRADIENT), xaxis="x2",
                 yaxis="y2")]
    if trace.clip is not None:
        bars.append(dict(type="bar", x=labels, y=_positive(trace.weight_grad * trace.clip_scale),
                         name=f"the same after clipping ‖∂L/∂W_hh‖ (W_hh alone) to "
                              f"{trace.clip:g}",
                         xaxis="x2", yaxis="y2",
                         marker=dict(color="rgba(0,0,0,0)", line=dict(color=GRADIENT, width=3),
                                     pattern=dict(shape="/", fgcolor=GRADIENT))))
    loss_line = dict(type="line", xref="x", yref="paper", x0=k, x1=k, y0=0, y1=1,
                     line=dict(color=MARK, width=3, dash="dot"))
    titles = [("‖∂L/∂h<sub>t</sub>‖: how strongly the loss depends on each step's state", 1.0),
              ("‖∂L/∂W<sub>hh</sub><sup>(t)</sup>‖: each step's term of ∂L/∂W<sub>hh</sub><br>"
               "(the terms add up as matrices)", 0.36)]
    annotations = [panel_title(text, 0.5, y, FONT_SIZE + 2) for text, y in titles]
    annotations.append(dict(x=k, y=0.98, xref="x", yref="paper", showarrow=False,
                            text=f"loss at “{escaped(trace.tokens[k])}”", font=dict(size=FONT_SIZE),
                            xanchor="right" if k > len(labels) / 2 else "left", xshift=-6 if
                            k > len(labels) / 2 else 6, yanchor="top"))
    lo, hi = _log_range(np.concatenate([trace.hidden_grad, trace.weight_grad]))
    log = dict(type="log", exponentformat="power", **({"dtick": 1} if hi - lo >= 2 else {}))
    ticks = dict(tickvals=labels, ticktext=list(trace.tokens), tickangle=-45)
    return dict(data=lines + bars, layout=dict(
        template=TEMPLATE_DICT, height=760, barmode="group", bargap=0.25, hovermode="x unified",
        legend=dict(orientation="h", y=-0.2, x=0.5, xanchor="center", yanchor="top"),
        margin=dict(t=50, b=40, l=80), shapes=[loss_line], annotations=annotations,
        xaxis=dict(anchor="y", matches="x2", showticklabels=False, **ticks),
        yaxis=dict(domain=[0.46, 0.95], **log),
        xaxis2=dict(anchor="y2", **ticks),
        yaxis2=dict(domain=[0, 0.32], **log)))


# ---- the unrolled graph ------------------------------------------------------------------------

def _decade_ticks(lo: float, hi: float) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at log10 values, labelled with the norm itself."""
    if hi - lo >= 2:
        step = max(1, int(np.ceil((hi - lo) / 6)))
        values = [float(v) for v in range(int(np.ceil(lo)), int(np.floor(hi)) + 1, step)]
    else:
        values = [lo, (lo + hi) / 2, hi]
    labels = [f"{10 ** v:.2g}" if -2 <= v <= 3 else f"10<sup>{v:.0f}</sup>" if v == int(v)
              else f"{10 ** v:.1e}" for v in values]
    return values, labels


# the scale sampled once, 256 steps: sampling it per edge re-parsed its colours every time (a
# third of the view's time, then a quarter of the graph's)
_EDGE_COLOURS = sample_colorscale(SEQUENTIAL_SCALE, np.linspace(0, 1, 256).tolist())


def _colour(value: float, lo: float, hi: float) -> tuple[str, float]:
    """Colour and width of an edge carrying a gradient of norm `value`."""
    if not np.isfinite(value) or value <= 0:
        return FAINT, 1.5
    share = float(np.clip((np.log10(value) - lo) / (hi - lo), 0, 1))
    return _EDGE_COLOURS[round(share * 255)], 1.5 + share * (MAX_WIDTH - 1.5)


def _backward_arrows(norms: np.ndarray, k: int, lo: float, hi: float) -> list[dict]:
    """Edge h_{t+1} → h_t carries ∂L/∂h_t; one more arrow brings the loss down into h_k."""
    arrows = []
    for t in range(len(norms) - 1):
        colour, width = _colour(norms[t], lo, hi) if t < k else (FAINT, 1.5)
        arrows.append(dict(x=t + 0.22, y=1, ax=t + 0.78, ay=1, axref="x", ayref="y", text="",
                           showarrow=True, arrowhead=2, arrowsize=min(1.2, 4.5 / width),
                           arrowwidth=width, arrowcolor=colour))
    arrows.append(dict(x=k, y=1.12, ax=k, ay=1.6, axref="x", ayref="y", text="", showarrow=True,
                       arrowhead=2, arrowwidth=4, arrowcolor=MARK))
    return arrows


def unrolled_gradient_figure(trace: GradientFlowTrace) -> dict:
    """The network unrolled over the sentence; backward edges sized and coloured by ‖∂L/∂h_t‖.
    A plain-dict figure (drawn on every request: see figures.plain)."""
    T, k = len(trace.tokens), trace.loss_step
    norms = trace.hidden_grad
    lo, hi = _log_range(norms[:k + 1])
    # forward edges x_t → h_t, faint; layout annotations and shapes are set at once (fast)
    shapes = [dict(type="line", x0=t, y0=0.18, x1=t, y1=0.8, line=dict(color=FAINT, width=2))
              for t in range(T)]
    arrows = _backward_arrows(norms, k, lo, hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.where(norms > 0, norms, np.nan))
    has = np.isfinite(logs)
    ticks = _decade_ticks(lo, hi)
    nodes = dict(
        type="scatter", x=np.flatnonzero(has), y=[1] * int(has.sum()), mode="markers", name="h_t",
        marker=dict(size=30, color=np.clip(logs[has], lo, hi), colorscale=SEQUENTIAL_SCALE,
                    cmin=lo, cmax=hi, line=dict(color="#444", width=2),
                    colorbar=dict(title=dict(text="‖∂L/∂h<sub>t</sub>‖"), thickness=18, len=0.9,
                                  tickvals=ticks[0], ticktext=ticks[1])),
        customdata=norms[has], text=[escaped(trace.tokens[t]) for t in np.flatnonzero(has)],
        hovertemplate="h after “%{text}”<br>‖∂L/∂h_t‖ = %{customdata:.3e}<extra></extra>")
    untouched = dict(
        type="scatter", x=np.flatnonzero(~has), y=[1] * int((~has).sum()), mode="markers",
        marker=dict(size=30, color="#eee", line=dict(color=FAINT, width=2)),
        hovertext=["no gradient: the loss does not depend on this step"] * int((~has).sum()),
        hoverinfo="text")
    # long sentences: words alternate between two lines so that neighbours do not overlap
    stagger = T > 10
    word_y = [0.0 - 0.28 * (stagger and t % 2) for t in range(T)]
    shapes += [dict(type="line", x0=t, y0=word_y[t] + 0.12, x1=t, y1=0.18,
                    line=dict(color=FAINT, width=2)) for t in range(T) if word_y[t] < 0]
    words = dict(type="scatter", x=list(range(T)), y=word_y, mode="text",
                 text=list(trace.tokens), textfont=dict(size=FONT_SIZE + 2), hoverinfo="skip")
    loss = dict(type="scatter", x=[k], y=[1.75], mode="markers+text", text=["L"],
                textfont=dict(size=FONT_SIZE + 6, color="white"),
                marker=dict(size=44, color="#222", symbol="square",
                            line=dict(color=MARK, width=2)),
                hovertext=[f"loss {trace.loss:.3g} (target {trace.target_tag})"],
                hoverinfo="text")
    name = trace.cell_name
    return dict(data=[nodes, untouched, words, loss], layout=dict(
        template=TEMPLATE_DICT, height=400 if stagger else 360, showlegend=False,
        margin=dict(l=20, r=20, t=60, b=10),
        shapes=shapes, annotations=arrows,
        xaxis=dict(visible=False, range=[-0.7, T - 0.3]),
        yaxis=dict(visible=False, range=[-0.6 if stagger else -0.35, 2.05]),
        title=dict(text=f"Backward through the unrolled {name}: edge width and colour = "
                        "‖∂L/∂h<sub>t</sub>‖")))


# ---- truncation --------------------------------------------------------------------------------

def reach(truncate: int, length: int) -> np.ndarray:
    """How many steps back the loss at each position sends gradient: its offset in its chunk."""
    return np.arange(length) % truncate if truncate < length else np.arange(length)


def _segments(pairs) -> tuple[list, list]:
    """Line segments as one trace: x and y with None between the segments."""
    xs, ys = [], []
    for (x0, y0), (x1, y1) in pairs:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def _truncation_graph(T: int, D: int, k: int) -> tuple[list[dict], bool]:
    """The unrolled network's traces: edges (cut ones dotted, with ✂), the gradient path of the
    last output back to its chunk's start, the arc to the input it needs. And: does it reach?"""
    p = T - 1                                    # the output whose gradient is followed (0-based)
    start, needed = p - int(reach(k, T)[p]), p - D
    ok = needed >= start
    cut = [t for t in range(1, T) if k < T and t % k == 0]
    path = list(range(start + 1, p + 1))
    rest = [t for t in range(1, T) if t not in cut and t not in path]
    traces = []
    for ts, colour, width, dash in ((rest, FAINT, 3, "solid"), (path, PATH, 10, "solid"),
                                    (cut, CUT, 3, "dot")):
        xs, ys = _segments(((t, 1), (t + 1, 1)) for t in ts)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip",
                           line=dict(color=colour, width=width, dash=dash)))
    traces.append(dict(type="scatter", x=[t + 0.5 for t in cut], y=[1.38] * len(cut),
                       mode="text", text=["✂"] * len(cut),
                       textfont=dict(size=FONT_SIZE + 12, color=CUT),
                       hovertext=["gradient cut here"] * len(cut), hoverinfo="text"))
    traces.append(dict(type="scatter", x=[needed + 1, (needed + p) / 2 + 1, p + 1],
                       y=[0, 2.15, 2], mode="lines", hoverinfo="skip",
                       line=dict(shape="spline", color=REACHED if ok else CUT, width=5,
                                 dash="dash")))
    clear = "rgba(0,0,0,0)"                     # plain nodes: the page shows through (dark mode)
    fills = {"x": [clear] * T, "h": [PATH if start <= t <= p else clear for t in range(T)],
             "y": [clear] * (T - 1) + ["#444"]}
    fills["x"][needed] = REACHED if ok else CUT
    numbers = {"text": [str(t) for t in range(1, T + 1)]} if T <= 24 else {}
    for row, name in ((0, "x"), (1, "h"), (2, "y")):
        traces.append(dict(
            type="scatter", x=np.arange(1, T + 1), y=[row] * T, mode="markers+text",
            hoverinfo="skip", **numbers,
            textfont=dict(size=13, color=["#fff" if c == "#444" else "#222" for c in fills[name]]),
            marker=dict(size=32, color=fills[name], line=dict(color="#444", width=2))))
    traces.append(dict(type="scatter", x=[0.05] * 3, y=[0, 1, 2], mode="text", hoverinfo="skip",
                       text=["x<sub>t</sub>", "h<sub>t</sub>", "y<sub>t</sub>"],
                       textfont=dict(size=FONT_SIZE + 4)))
    return traces, ok


def truncation_figure(delay: int, truncate: int, length: int) -> dict:
    """Top: the unrolled network, recurrent edges cut every k steps, and for the last output the
    path its gradient takes back and the input it needs. Bottom: per output, how far back its
    gradient reaches (bars) against the delay D (line). Steps are numbered 1 … T as on screen.
    A plain-dict figure (see figures.plain)."""
    T, D, k = length, delay, truncate
    graph, ok = _truncation_graph(T, D, k)
    back = reach(k, T)
    bars = dict(type="bar", x=np.arange(1, T + 1), y=back, xaxis="x2", yaxis="y2",
                marker=dict(color=[REACHED if r >= D else PATH for r in back]),
                hovertemplate="output at step %{x}: reaches %{y} steps back<extra></extra>")
    title = (f"k = {k}" + (" (full BPTT)" if k >= T else "") +
             f": the output at step {T} needs the input at step {T - D}, " +
             ("and its gradient reaches it" if ok else "but its gradient is cut before it"))
    return dict(data=graph + [bars], layout=dict(
        template=TEMPLATE_DICT, height=640, showlegend=False, margin=dict(t=70, b=50),
        title=dict(text=title),
        xaxis=dict(visible=False, range=[-0.3, T + 0.6], anchor="y"),
        yaxis=dict(visible=False, range=[-0.5, 2.6], domain=[0.45, 1]),
        xaxis2=dict(title=dict(text="output at step t"), range=[-0.3, T + 0.6], anchor="y2",
                    tickvals=list(range(1, T + 1, 1 if T <= 24 else 5))),
        yaxis2=dict(title=dict(text="steps back"), range=[0, max(D, int(back.max())) + 1.8],
                    domain=[0, 0.33], dtick=2),
        shapes=[dict(type="line", xref="x2", yref="y2", x0=0.5, x1=T + 0.5, y0=D, y1=D,
                     line=dict(color=MARK, width=4, dash="dash"))],
        annotations=[dict(xref="x2", yref="y2", x=0.5, y=D, yshift=16, xanchor="left",
                          showarrow=False, font=dict(size=FONT_SIZE),
                          text=f"D = {D}: an output's gradient must reach this far back to "
                               "teach the delay")]))


def accuracy_figure(curves: list[TruncationCurve]) -> dict:
    """Held-out accuracy during training, one line per truncation length k (a plain dict)."""
    palette = [OKABE_ITO[c] for c in ("blue", "orange", "purple", "sky", "vermillion", "yellow")]
    lines = [dict(type="scatter", x=curve.steps, y=curve.accuracy, mode="lines",
                  name="full BPTT" if curve.full else f"k = {curve.truncate}",
                  line=dict(color=REACHED if curve.full else palette[i % len(palette)], width=5))
             for i, curve in enumerate(curves)]
    chance = curves[0].chance if curves else 0.25
    delay = curves[0].delay if curves else None
    return dict(data=lines, layout=dict(
        template=TEMPLATE_DICT, height=460, margin=dict(l=100), legend=dict(
            title=dict(text="truncation")),
        title=dict(text=f"Copying the symbol from D = {delay} steps ago" if delay else
                   "Train to add a curve"),
        shapes=[hline(chance, line=dict(color=REFERENCE, width=3, dash="dot"))],
        annotations=[dict(text="chance (guessing)", showarrow=False, font=dict(size=FONT_SIZE),
                          x=1, xref="x domain", xanchor="right", y=chance, yref="y",
                          yanchor="top")],
        xaxis=dict(title=dict(text="training updates")),
        yaxis=dict(title=dict(text="accuracy on new sequences", standoff=12), range=[0, 1.02],
                   tickformat=".0%")))
