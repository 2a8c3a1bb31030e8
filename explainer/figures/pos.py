"""Hidden state per token: heatmap, chosen units as lines, and the trajectory of h_t in a plane.

Every builder takes a TaggingTrace and the index of the selected token, which it highlights.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..traces import TaggingTrace, TrainingCurve
from .theme import COLORS, DIVERGING, OKABE_ITO, TEMPLATE


def token_labels(trace: TaggingTrace) -> list[str]:
    """Unique x labels ("3 cats"), so repeated words keep their own column."""
    return [f"{i + 1} {token}" for i, token in enumerate(trace.tokens)]


def _highlight(fig: go.Figure, index: int, **where) -> None:
    fig.add_vrect(x0=index - 0.5, x1=index + 0.5, line=dict(color=COLORS["attention"], width=4),
                  fillcolor="rgba(0,0,0,0)", **where)


def hidden_heatmap(trace: TaggingTrace, selected: int = 0, title: str | None = None) -> go.Figure:
    """Hidden units (rows) x tokens (columns), values of h_t in [-1, 1]."""
    labels = token_labels(trace)
    H = trace.hidden.shape[1]
    # x are the unique labels ("3 cats"), so hover names the token without per-cell text
    fig = go.Figure(go.Heatmap(
        z=trace.hidden.T.astype(np.float32), x=labels, y=list(range(H)),
        zmin=-1, zmax=1, colorscale=DIVERGING, colorbar=dict(title="h", thickness=14),
        hovertemplate="token %{x}<br>unit %{y}<br>h = %{z:.3f}<extra></extra>"))
    _highlight(fig, selected)
    fig.update_xaxes(tickvals=labels, ticktext=list(trace.tokens), tickangle=-45)
    fig.update_yaxes(title_text="hidden unit", autorange="reversed")
    fig.update_layout(template=TEMPLATE, height=420,
                      title=title or f"h_t per token — {trace.model} tagger ({trace.cell})")
    return fig


def busiest_units(trace: TaggingTrace, count: int = 4) -> list[int]:
    """The units whose value moves most over the sentence: a sensible default to plot."""
    return np.argsort(-trace.hidden.std(axis=0))[:count].tolist()


def unit_lines(trace: TaggingTrace, units: list[int], selected: int = 0) -> go.Figure:
    fig = go.Figure()
    palette = list(OKABE_ITO.values())
    for k, unit in enumerate(units):
        fig.add_trace(go.Scatter(
            x=list(range(len(trace.tokens))), y=trace.hidden[:, unit].astype(np.float32),
            mode="lines+markers", name=f"unit {unit}", line=dict(color=palette[k % len(palette)]),
            hovertemplate=f"unit {unit}<br>%{{text}}: %{{y:.3f}}<extra></extra>",
            text=list(trace.tokens)))
    _highlight(fig, selected)
    fig.update_xaxes(tickvals=list(range(len(trace.tokens))), ticktext=list(trace.tokens),
                     tickangle=-45)
    fig.update_yaxes(title_text="h_t", range=[-1.05, 1.05])
    fig.update_layout(template=TEMPLATE, height=380, title="Chosen hidden units, token by token")
    return fig


def trajectory(trace: TaggingTrace, selected: int = 0) -> go.Figure:
    """h_1 ... h_T as a path in the plane of the reference sentences' two main directions."""
    xy = trace.trajectory
    fig = go.Figure(go.Scatter(
        x=xy[:, 0], y=xy[:, 1], mode="lines+markers+text", text=list(trace.tokens),
        textposition="top center", line=dict(color=COLORS["hidden"]),
        marker=dict(size=12, color=list(range(len(xy))), colorscale="Viridis"),
        hovertemplate="%{text}<br>PC1 %{x:.2f}, PC2 %{y:.2f}<extra></extra>", showlegend=False))
    fig.add_trace(go.Scatter(x=[xy[selected, 0]], y=[xy[selected, 1]], mode="markers",
                             marker=dict(size=26, color="rgba(0,0,0,0)",
                                         line=dict(color=COLORS["attention"], width=4)),
                             hoverinfo="skip", showlegend=False))
    fig.update_xaxes(title_text="direction 1 of the reference sentences' h_t")
    fig.update_yaxes(title_text="direction 2")
    fig.update_layout(template=TEMPLATE, height=420,
                      title="The path of h_t (same plane for every sentence)")
    return fig


def training_curve(curve: TrainingCurve) -> go.Figure:
    """Loss (left axis) and training accuracy (right axis) per epoch, redrawn while training."""
    epochs = list(range(1, len(curve.losses) + 1))
    fig = go.Figure([
        go.Scatter(x=epochs, y=list(curve.losses), name="loss", mode="lines+markers",
                   line=dict(color=COLORS["forget_gate"])),
        go.Scatter(x=epochs, y=list(curve.accuracies), name="train accuracy", yaxis="y2",
                   mode="lines+markers", line=dict(color=COLORS["input_gate"]))])
    fig.update_layout(template=TEMPLATE, height=360, title="Training on your sentences",
                      margin=dict(r=90),
                      xaxis=dict(title="epoch", dtick=1),
                      yaxis=dict(title="cross-entropy loss", rangemode="tozero"),
                      yaxis2=dict(title="accuracy", overlaying="y", side="right", range=[0, 1.02],
                                  tickformat=".0%", showgrid=False),
                      legend=dict(orientation="h", y=1.12))
    return fig
