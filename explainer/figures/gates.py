"""LSTM gate pictures from a GateTrace: heatmaps, per-token summaries, the equations with the
numbers in, and a colah-style cell diagram animated across tokens (frames for the player)."""
from __future__ import annotations

import numpy as np

from ..traces.gates import GateTrace
from .labels import escaped, literal, token_labels
from .plain import panel_title
from .theme import COLORS, DIVERGING_SCALE, TEMPLATE_DICT

GATES = [("input_gate", "input gate i"), ("forget_gate", "forget gate f"),
         ("candidate", "candidate g"), ("output_gate", "output gate o"),
         ("cell", "cell c"), ("hidden", "hidden h")]
UNIT_INTERVAL = {"input_gate", "forget_gate", "output_gate"}

# the 2 x 3 grid of heatmaps, laid out as make_subplots would (spacing 0.06 across, 0.16 down)
_WIDTH = (1 - 2 * 0.06) / 3
_COLUMNS = [(c * (_WIDTH + 0.06), c * (_WIDTH + 0.06) + _WIDTH) for c in range(3)]
_ROWS = [(0.58, 1.0), (0.0, 0.42)]


def _scale(name: str):
    """[0, 1] gates: white to the gate's own colour; signed values: the diverging scale."""
    if name in UNIT_INTERVAL:
        return [[0, "#ffffff"], [1, COLORS[name]]], 0.0, 1.0
    bound = 1.0 if name != "cell" else None
    return DIVERGING_SCALE, (-bound if bound else None), bound


def gate_heatmaps(trace: GateTrace, token: int = 0, unit: int = 0) -> dict:
    """Six heatmaps (units x tokens), the selected token's column and unit's row framed.
    A plain-dict figure (redrawn at every token or unit picked: see figures.plain)."""
    T, H = trace.hidden.shape
    labels = token_labels(trace.tokens)
    data, shapes, titles, layout = [], [], [], {}
    for k, (name, title) in enumerate(GATES):
        (left, right), (bottom, top) = _COLUMNS[k % 3], _ROWS[k // 3]
        n = "" if k == 0 else str(k + 1)
        x, y = f"x{n}", f"y{n}"
        scale, zmin, zmax = _scale(name)
        if name == "cell":
            zmax = float(np.abs(trace.cell).max()) or 1.0
            zmin = -zmax
        # x are unique token labels ("3 cats"): hover names the token with no per-cell text
        data.append(dict(
            type="heatmap", z=getattr(trace, name).T, x=labels, y=list(range(H)),
            colorscale=scale, zmin=zmin, zmax=zmax, showscale=False, xaxis=x, yaxis=y,
            hovertemplate=f"{title}<br>token %{{x}}<br>unit %{{y}}: %{{z:.3f}}<extra></extra>"))
        shapes += [dict(type="rect", xref=x, yref=f"{y} domain", x0=token - 0.5,
                        x1=token + 0.5, y0=0, y1=1,
                        line=dict(color=COLORS["attention"], width=3)),
                   dict(type="rect", xref=f"{x} domain", yref=y, x0=0, x1=1, y0=unit - 0.5,
                        y1=unit + 0.5, line=dict(color="#222", width=1.5, dash="dot"))]
        titles.append(panel_title(title, (left + right) / 2, top))
        layout[f"xaxis{n}"] = dict(anchor=y, domain=[left, right], tickvals=labels,
                                   ticktext=list(trace.tokens), tickangle=-45,
                                   tickfont=dict(size=13))
        layout[f"yaxis{n}"] = dict(anchor=x, domain=[bottom, top], autorange="reversed",
                                   showticklabels=False)
    return dict(data=data, layout=dict(
        template=TEMPLATE_DICT, height=640, title=dict(text=_title(trace, "Gates and states")),
        annotations=titles, shapes=shapes, **layout))


def _title(trace: GateTrace, what: str) -> str:
    side = "left to right" if trace.direction == 0 else "right to left"
    return f"{what} — {trace.model} tagger, layer {trace.layer + 1}, {side}"


def gate_summary(trace: GateTrace) -> dict:
    """Mean of each gate over the units, per token: where does the model forget or write?
    A plain-dict figure (see figures.plain)."""
    steps = list(range(len(trace.tokens)))
    data = [dict(type="scatter", x=steps, y=getattr(trace, name).mean(axis=1), name=title,
                 mode="lines+markers", line=dict(color=COLORS[name]))
            for name, title in GATES[:4] if name != "candidate"]
    forget = trace.forget_gate.mean(axis=1)
    lowest = int(forget.argmin())
    lowest_note = dict(x=lowest, y=float(forget[lowest]),
                       text=f"forgets most at “{escaped(trace.tokens[lowest])}”", showarrow=True,
                       arrowhead=2, ay=40, font=dict(color=COLORS["forget_gate"]))
    return dict(data=data, layout=dict(
        template=TEMPLATE_DICT, height=400, margin=dict(t=110), annotations=[lowest_note],
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(text=_title(trace, "Per-token gate means"), y=0.97),
        xaxis=dict(tickvals=steps, ticktext=list(trace.tokens), tickangle=-45),
        yaxis=dict(title=dict(text="mean over units"), range=[0, 1])))


def equations_latex(trace: GateTrace, token: int, unit: int) -> str:
    """The LSTM update for one token and unit, with the model's own numbers substituted."""
    v = {name: float(getattr(trace, name)[token, unit]) for name, _ in GATES}
    c_prev = float(trace.previous("cell")[token, unit])
    h_prev = float(trace.previous("hidden")[token, unit])
    return (
        f"Token <b>{literal(trace.tokens[token])}</b> (position {token + 1}), unit <b>{unit}</b>; "
        f"previous state $c_{{t-1}} = {c_prev:.3f}$, $h_{{t-1}} = {h_prev:.3f}$\n\n"
        f"$$i_t = \\sigma(\\dots) = {v['input_gate']:.3f} \\qquad "
        f"f_t = \\sigma(\\dots) = {v['forget_gate']:.3f}$$\n\n"
        f"$$g_t = \\tanh(\\dots) = {v['candidate']:.3f} \\qquad "
        f"o_t = \\sigma(\\dots) = {v['output_gate']:.3f}$$\n\n"
        f"$$\\begin{{aligned}} c_t &= f_t \\, c_{{t-1}} + i_t \\, g_t \\\\ "
        f"&= {v['forget_gate']:.3f} \\times ({c_prev:.3f}) + {v['input_gate']:.3f} \\times "
        f"({v['candidate']:.3f}) \\\\ &= {v['cell']:.3f} \\end{{aligned}}$$\n\n"
        f"$$h_t = o_t \\tanh(c_t) = {v['output_gate']:.3f} \\times \\tanh({v['cell']:.3f}) = "
        f"{v['hidden']:.3f}$$")
