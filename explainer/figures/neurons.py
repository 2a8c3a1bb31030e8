"""Figures for the feed-forward vs recurrent view."""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..traces import StatefulTrace
from .theme import COLORS, TEMPLATE

_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def stateful_figure(trace: StatefulTrace) -> go.Figure:
    """Outputs per step for the same token fed again and again: flat lines for the stateless
    linear neuron, moving lines for the recurrent one."""
    steps = list(range(1, trace.repeats + 1))
    fig = make_subplots(rows=1, cols=2, shared_yaxes=False, horizontal_spacing=0.12,
                        subplot_titles=("Linear neuron: sigmoid(x W^T + b)",
                                        "Recurrent neuron: tanh(x W_x^T + b + h W_h^T)"))
    for col, (name, values) in enumerate(
            [("linear", trace.linear_outputs), ("recurrent", trace.recurrent_outputs)], start=1):
        for unit in range(values.shape[1]):
            fig.add_trace(go.Scatter(
                x=steps, y=values[:, unit], mode="lines+markers",
                name=f"{name} unit {unit + 1}", legendgroup=name,
                line=dict(color=COLORS[name], dash=_DASHES[unit % len(_DASHES)]),
                hovertemplate=f"{name} unit {unit + 1}<br>step %{{x}}: %{{y:.4f}}<extra></extra>"),
                row=1, col=col)
    fig.update_xaxes(title_text="step (the same token every time)", dtick=1)
    fig.update_yaxes(title_text="output", row=1, col=1)
    fig.update_layout(template=TEMPLATE, height=460, showlegend=False,
                      title=f"Same input, {trace.repeats} times (untrained weights, seed {trace.seed})")
    fig.update_annotations(font_size=16)
    return fig
