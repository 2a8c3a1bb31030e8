"""Hidden state per token: heatmap, chosen units as lines, and the trajectory of h_t in a plane.

Every builder takes a TaggingTrace and the index of the selected token, which it highlights.
The figures are plain dicts, redrawn on every click on a word (see figures.plain).
"""
from __future__ import annotations

import numpy as np

from ..traces.tagging import TaggingTrace, TrainingCurve
from .labels import token_labels
from .theme import COLORS, DIVERGING_SCALE, OKABE_ITO, SEQUENTIAL_SCALE, TEMPLATE_DICT


def _highlight(index: int) -> dict:
    """A frame around the selected token's column, the full height of the plot."""
    return dict(type="rect", xref="x", yref="y domain", x0=index - 0.5, x1=index + 0.5, y0=0,
                y1=1, line=dict(color=COLORS["attention"], width=4), fillcolor="rgba(0,0,0,0)")


def hidden_heatmap(trace: TaggingTrace, selected: int = 0, title: str | None = None) -> dict:
    """Hidden units (rows) x tokens (columns), values of h_t in [-1, 1]."""
    labels = token_labels(trace.tokens)
    H = trace.hidden.shape[1]
    # x are the unique labels ("3 cats"), so hover names the token without per-cell text
    heatmap = dict(
        type="heatmap", z=trace.hidden.T.astype(np.float32), x=labels, y=list(range(H)),
        zmin=-1, zmax=1, colorscale=DIVERGING_SCALE,
        colorbar=dict(title=dict(text="h"), thickness=14),
        hovertemplate="token %{x}<br>unit %{y}<br>h = %{z:.3f}<extra></extra>")
    shapes = [_highlight(selected)]
    default = f"h_t per token — {trace.model} tagger ({trace.cell})"
    if trace.directions == 2:     # [->h_t ; <-h_t]: a line between the two directions' units
        shapes.append(dict(type="line", xref="x domain", yref="y", x0=0, x1=1, y0=H / 2 - 0.5,
                           y1=H / 2 - 0.5, line=dict(color=COLORS["input"], width=2)))
        default = (f"h_t per token — {trace.model} tagger: units 0–{H // 2 - 1} read left to "
                   f"right, {H // 2}–{H - 1} right to left")
    return {"data": [heatmap], "layout": dict(
        template=TEMPLATE_DICT, height=420, shapes=shapes,
        title=dict(text=title or default),
        xaxis=dict(tickvals=labels, ticktext=list(trace.tokens), tickangle=-45),
        yaxis=dict(title=dict(text="hidden unit"), autorange="reversed"))}


def unit_lines(trace: TaggingTrace, units: list[int], selected: int = 0) -> dict:
    steps = list(range(len(trace.tokens)))
    palette = list(OKABE_ITO.values())
    lines = [dict(type="scatter", x=steps, y=trace.hidden[:, unit].astype(np.float32),
                  mode="lines+markers", name=f"unit {unit}",
                  line=dict(color=palette[k % len(palette)]),
                  hovertemplate=f"unit {unit}<br>%{{text}}: %{{y:.3f}}<extra></extra>",
                  text=list(trace.tokens))
             for k, unit in enumerate(units)]
    return {"data": lines, "layout": dict(
        template=TEMPLATE_DICT, height=380, shapes=[_highlight(selected)],
        title=dict(text="Chosen hidden units, token by token"),
        xaxis=dict(tickvals=steps, ticktext=list(trace.tokens), tickangle=-45),
        yaxis=dict(title=dict(text="h_t"), range=[-1.05, 1.05]))}


def trajectory(trace: TaggingTrace, selected: int = 0) -> dict:
    """h_1 ... h_T as a path in the plane of the reference sentences' two main directions."""
    xy = trace.trajectory
    path = dict(
        type="scatter", x=xy[:, 0], y=xy[:, 1], mode="lines+markers+text",
        text=list(trace.tokens), textposition="top center", line=dict(color=COLORS["hidden"]),
        marker=dict(size=12, color=list(range(len(xy))), colorscale=SEQUENTIAL_SCALE),
        hovertemplate="%{text}<br>PC1 %{x:.2f}, PC2 %{y:.2f}<extra></extra>", showlegend=False)
    ring = dict(type="scatter", x=[float(xy[selected, 0])], y=[float(xy[selected, 1])],
                mode="markers", hoverinfo="skip", showlegend=False,
                marker=dict(size=26, color="rgba(0,0,0,0)",
                            line=dict(color=COLORS["attention"], width=4)))
    return {"data": [path, ring], "layout": dict(
        template=TEMPLATE_DICT, height=420,
        title=dict(text="The path of h_t (same plane for every sentence)"),
        xaxis=dict(title=dict(text="direction 1 of the reference sentences' h_t")),
        yaxis=dict(title=dict(text="direction 2")))}


def training_curve(curve: TrainingCurve) -> dict:
    """Loss (left axis) and training accuracy (right axis) per epoch, redrawn while training."""
    epochs = list(range(1, len(curve.losses) + 1))
    return {"data": [
        dict(type="scatter", x=epochs, y=list(curve.losses), name="loss", mode="lines+markers",
             line=dict(color=COLORS["forget_gate"])),
        dict(type="scatter", x=epochs, y=list(curve.accuracies), name="train accuracy",
             yaxis="y2", mode="lines+markers", line=dict(color=COLORS["input_gate"]))],
        "layout": dict(
            template=TEMPLATE_DICT, height=360, title=dict(text="Training on your sentences"),
            margin=dict(r=90), xaxis=dict(title=dict(text="epoch"), dtick=1),
            yaxis=dict(title=dict(text="cross-entropy loss"), rangemode="tozero"),
            yaxis2=dict(title=dict(text="accuracy"), overlaying="y", side="right",
                        range=[0, 1.02], tickformat=".0%", showgrid=False),
            legend=dict(orientation="h", y=1.12))}
