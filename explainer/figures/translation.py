"""Attention pictures for a DecodingTrace: the heatmap, and step-through decoding (frames)."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..traces import DecodingTrace
from .theme import COLORS, TEMPLATE

ATTENTION_SCALE = [[0, "rgba(230,159,0,0)"], [1, COLORS["attention"]]]


SHOWN = {"<unk>": "⟨unk⟩", "</s>": "⟨end⟩"}   # Plotly would read these as HTML tags


def _shown(tokens) -> list[str]:
    return [SHOWN.get(t, t) for t in tokens]


def _labels(tokens) -> list[str]:
    return [f"{i + 1} {t}" for i, t in enumerate(_shown(tokens))]   # unique: repeats keep a row


def attention_heatmap(trace: DecodingTrace) -> go.Figure:
    """Target words (rows) x source words (columns): how much each output step looked at each
    input word."""
    if trace.attention is None:
        raise ValueError("the plain model has no attention: it sees only the encoder's final "
                         "state; show the attention model's trace")
    src, tgt = _labels(trace.source), _labels(trace.target)
    fig = go.Figure(go.Heatmap(
        z=trace.attention.astype(np.float32), x=src, y=tgt, zmin=0, zmax=1,
        colorscale=ATTENTION_SCALE, colorbar=dict(title="weight", thickness=14),
        hovertemplate="output %{y}<br>looks at %{x}<br>weight %{z:.3f}<extra></extra>"))
    fig.update_xaxes(tickvals=src, ticktext=_shown(trace.source), side="top", tickangle=-30)
    fig.update_yaxes(tickvals=tgt, ticktext=_shown(trace.target), autorange="reversed")
    fig.update_layout(template=TEMPLATE, height=190 + 42 * len(tgt),
                      margin=dict(t=170, l=110),
                      title="Attention: French output (rows) × English input (columns)")
    return fig


def decoding_figure(trace: DecodingTrace) -> go.Figure:
    """One frame per decoder step: the attention rows written so far (the current one framed)
    and the step's top-k words with their probabilities."""
    T, S = len(trace.target), len(trace.source)
    attention = trace.attention if trace.attention is not None else np.zeros((T, S))
    src, tgt = _labels(trace.source), _labels(trace.target)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.6, 0.4], horizontal_spacing=0.14,
                        subplot_titles=("", "this step's best words"))

    def shown(t):  # rows up to t, NaN (blank) after
        z = attention.astype(np.float32).copy()
        z[t + 1:] = np.nan
        return z

    def bars(t):
        words = _shown(trace.top_k_words[t])[::-1]
        probs = trace.top_k_probs[t][::-1].astype(np.float32)
        colors = ["#999999"] * (len(words) - 1) + [COLORS["hidden"]]
        return dict(x=probs, y=[f"{w} " for w in words], marker=dict(color=colors),
                    text=[f"{p:.0%}" for p in probs])

    fig.add_trace(go.Heatmap(z=shown(0), x=src, y=tgt, zmin=0, zmax=1, showscale=False,
                             colorscale=ATTENTION_SCALE, hoverongaps=False,
                             hovertemplate="%{y} ← %{x}: %{z:.3f}<extra></extra>"), 1, 1)
    fig.add_trace(go.Bar(orientation="h", textposition="outside", showlegend=False,
                         hovertemplate="%{y}: %{x:.3f}<extra></extra>", **bars(0)), 1, 2)
    fig.frames = [go.Frame(name=f"{t + 1} {_shown(trace.target)[t]}", traces=[0, 1],
                           data=[go.Heatmap(z=shown(t)), go.Bar(**bars(t))],
                           layout=dict(shapes=[_row_frame(t, S)]))
                  for t in range(T)]
    fig.update_layout(shapes=[_row_frame(0, S)])
    fig.update_xaxes(tickvals=src, ticktext=_shown(trace.source), side="top", tickangle=-30,
                     row=1, col=1)
    fig.update_yaxes(tickvals=tgt, ticktext=_shown(trace.target), autorange="reversed",
                     row=1, col=1)
    fig.update_xaxes(range=[0, 1.15], tickformat=".0%", row=1, col=2)
    fig.update_layout(template=TEMPLATE, height=max(420, 170 + 40 * T),
                      margin=dict(t=170, l=110), title="Decoding, one step at a time")
    return fig


def _row_frame(t: int, S: int) -> dict:
    return dict(type="rect", xref="x", yref="y", x0=-0.5, x1=S - 0.5, y0=t - 0.5, y1=t + 0.5,
                line=dict(color=COLORS["forget_gate"], width=4))
