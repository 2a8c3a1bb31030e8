"""LSTM gate pictures from a GateTrace: heatmaps, per-token summaries, the equations with the
numbers in, and a colah-style cell diagram animated across tokens (frames for the player)."""
from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..traces import GateTrace
from .theme import COLORS, DIVERGING, TEMPLATE

GATES = [("input_gate", "input gate i"), ("forget_gate", "forget gate f"),
         ("candidate", "candidate g"), ("output_gate", "output gate o"),
         ("cell", "cell c"), ("hidden", "hidden h")]
UNIT_INTERVAL = {"input_gate", "forget_gate", "output_gate"}


def _scale(name: str):
    """[0, 1] gates: white to the gate's own colour; signed values: the diverging scale."""
    if name in UNIT_INTERVAL:
        return [[0, "#ffffff"], [1, COLORS[name]]], 0.0, 1.0
    bound = 1.0 if name != "cell" else None
    return DIVERGING, (-bound if bound else None), bound


def gate_heatmaps(trace: GateTrace, token: int = 0, unit: int = 0) -> go.Figure:
    """Six heatmaps (units x tokens), the selected token's column and unit's row framed."""
    T, H = trace.hidden.shape
    labels = [f"{i + 1} {t}" for i, t in enumerate(trace.tokens)]
    fig = make_subplots(rows=2, cols=3, subplot_titles=[title for _, title in GATES],
                        horizontal_spacing=0.06, vertical_spacing=0.16)
    for k, (name, title) in enumerate(GATES):
        row, col = k // 3 + 1, k % 3 + 1
        scale, zmin, zmax = _scale(name)
        if name == "cell":
            zmax = float(np.abs(trace.cell).max()) or 1.0
            zmin = -zmax
        # x are unique token labels ("3 cats"): hover names the token with no per-cell text
        fig.add_trace(go.Heatmap(
            z=getattr(trace, name).T, x=labels, y=list(range(H)), colorscale=scale,
            zmin=zmin, zmax=zmax, showscale=False,
            hovertemplate=f"{title}<br>token %{{x}}<br>unit %{{y}}: %{{z:.3f}}<extra></extra>"),
            row=row, col=col)
        fig.add_vrect(x0=token - 0.5, x1=token + 0.5, row=row, col=col,
                      line=dict(color=COLORS["attention"], width=3))
        fig.add_hrect(y0=unit - 0.5, y1=unit + 0.5, row=row, col=col,
                      line=dict(color="#222", width=1.5, dash="dot"))
    fig.update_xaxes(tickvals=labels, ticktext=list(trace.tokens), tickangle=-45,
                     tickfont=dict(size=13))
    fig.update_yaxes(autorange="reversed", showticklabels=False)
    fig.update_layout(template=TEMPLATE, height=640, title=_title(trace, "Gates and states"))
    return fig


def _title(trace: GateTrace, what: str) -> str:
    side = "left to right" if trace.direction == 0 else "right to left"
    return f"{what} — {trace.model} tagger, layer {trace.layer + 1}, {side}"


def gate_summary(trace: GateTrace) -> go.Figure:
    """Mean of each gate over the units, per token: where does the model forget or write?"""
    fig = go.Figure()
    for name, title in GATES[:4]:
        if name == "candidate":
            continue
        fig.add_trace(go.Scatter(x=list(range(len(trace.tokens))),
                                 y=getattr(trace, name).mean(axis=1), name=title,
                                 mode="lines+markers", line=dict(color=COLORS[name])))
    forget = trace.forget_gate.mean(axis=1)
    lowest = int(forget.argmin())
    fig.add_annotation(x=lowest, y=float(forget[lowest]), text=f"forgets most at “{trace.tokens[lowest]}”",
                       showarrow=True, arrowhead=2, ay=40, font=dict(color=COLORS["forget_gate"]))
    fig.update_xaxes(tickvals=list(range(len(trace.tokens))), ticktext=list(trace.tokens),
                     tickangle=-45)
    fig.update_yaxes(title_text="mean over units", range=[0, 1])
    fig.update_layout(template=TEMPLATE, height=400, margin=dict(t=110),
                      legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
                      title=dict(text=_title(trace, "Per-token gate means"), y=0.97))
    return fig


def equations_latex(trace: GateTrace, token: int, unit: int) -> str:
    """The LSTM update for one token and unit, with the model's own numbers substituted."""
    v = {name: float(getattr(trace, name)[token, unit]) for name, _ in GATES}
    c_prev = float(trace.previous("cell")[token, unit])
    h_prev = float(trace.previous("hidden")[token, unit])
    return (
        f"Token <b>{escape(trace.tokens[token])}</b> (position {token + 1}), unit <b>{unit}</b>; "
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
