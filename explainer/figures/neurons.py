"""Figures for the feed-forward vs recurrent view."""
from __future__ import annotations

from ..traces.neurons import StatefulTrace
from .plain import panel_title
from .theme import COLORS, TEMPLATE_DICT

_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def stateful_figure(trace: StatefulTrace) -> dict:
    """Outputs per step for the same token fed again and again: flat lines for the stateless
    linear neuron, moving lines for the recurrent one. A plain-dict figure (drawn on every
    request, and the load test's endpoint: see figures.plain), two panels side by side."""
    steps = list(range(1, trace.repeats + 1))
    panels = [("linear", trace.linear_outputs, "Linear neuron: sigmoid(x W^T + b)"),
              ("recurrent", trace.recurrent_outputs,
               "Recurrent neuron: tanh(x W_x^T + b + h W_h^T)")]
    data, titles = [], []
    for col, (name, values, title) in enumerate(panels, start=1):
        axes = dict(xaxis=f"x{col}" if col > 1 else "x", yaxis=f"y{col}" if col > 1 else "y")
        for unit in range(values.shape[1]):
            data.append(dict(
                type="scatter", x=steps, y=values[:, unit], mode="lines+markers",
                name=f"{name} unit {unit + 1}", legendgroup=name, **axes,
                line=dict(color=COLORS[name], dash=_DASHES[unit % len(_DASHES)]),
                hovertemplate=f"{name} unit {unit + 1}<br>step %{{x}}: %{{y:.4f}}<extra></extra>"))
        titles.append(panel_title(title, (col - 1) * 0.56 + 0.22))
    step_axis = dict(title=dict(text="step (the same token every time)"), dtick=1)
    return dict(data=data, layout=dict(
        template=TEMPLATE_DICT, height=460, showlegend=False, annotations=titles,
        title=dict(text=f"Same input, {trace.repeats} times (untrained weights, "
                        f"seed {trace.seed})"),
        xaxis=dict(domain=[0, 0.44], anchor="y", **step_axis),
        xaxis2=dict(domain=[0.56, 1], anchor="y2", **step_axis),
        yaxis=dict(anchor="x", title=dict(text="output")), yaxis2=dict(anchor="x2")))
