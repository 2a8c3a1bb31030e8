"""Attention pictures for a DecodingTrace: the heatmap, and step-through decoding (frames).

Both are plain-dict figures in plotly.js's own terms, drawn on every request (see
figures.plain): as go.Figure objects they were most of the Translation tab's time.
"""
from __future__ import annotations

import numpy as np

from ..traces.translation import DecodingTrace
from .labels import token_labels
from .plain import panel_title
from .theme import COLORS, TEMPLATE_DICT

ATTENTION_SCALE = [[0, "rgba(230,159,0,0)"], [1, COLORS["attention"]]]
GAP = 0.14                          # paper width between the heatmap and the bars
HEATMAP_SHARE = 0.6                 # of the width left: heatmap 0.6, bars 0.4


SHOWN = {"<unk>": "⟨unk⟩", "</s>": "⟨end⟩"}   # Plotly would read these as HTML tags


def _shown(tokens) -> list[str]:
    return [SHOWN.get(t, t) for t in tokens]


def _labels(tokens) -> list[str]:
    return token_labels(_shown(tokens))


def _word_axes(trace: DecodingTrace) -> tuple[dict, dict]:
    """x: the English words along the top; y: the French words downwards, in output order."""
    src, tgt = _labels(trace.source), _labels(trace.target)
    return (dict(tickvals=src, ticktext=_shown(trace.source), side="top", tickangle=-30),
            dict(tickvals=tgt, ticktext=_shown(trace.target), autorange="reversed"))


def attention_heatmap(trace: DecodingTrace) -> dict:
    """Target words (rows) x source words (columns): how much each output step looked at each
    input word."""
    if trace.attention is None:
        raise ValueError("the plain model has no attention: it sees only the encoder's final "
                         "state; show the attention model's trace")
    src, tgt = _labels(trace.source), _labels(trace.target)
    xaxis, yaxis = _word_axes(trace)
    heatmap = dict(
        type="heatmap", z=trace.attention.astype(np.float32), x=src, y=tgt, zmin=0, zmax=1,
        colorscale=ATTENTION_SCALE, colorbar=dict(title=dict(text="weight"), thickness=14),
        hovertemplate="output %{y}<br>looks at %{x}<br>weight %{z:.3f}<extra></extra>")
    return dict(data=[heatmap], layout=dict(
        template=TEMPLATE_DICT, height=190 + 42 * len(tgt), margin=dict(t=170, l=110),
        title=dict(text="Attention: French output (rows) × English input (columns)"
                   + _rule(trace)),
        xaxis=xaxis, yaxis=yaxis))


def decoding_figure(trace: DecodingTrace) -> dict:
    """One frame per decoder step: the attention rows written so far (the current one framed)
    and the step's top-k words with their probabilities."""
    T, S = len(trace.target), len(trace.source)
    attention = (trace.attention if trace.attention is not None
                 else np.zeros((T, S))).astype(np.float32)
    src, tgt = _labels(trace.source), _labels(trace.target)

    def shown(t):  # rows up to t, NaN (blank) after
        z = attention.copy()
        z[t + 1:] = np.nan
        return z

    def bars(t):
        words = _shown(trace.top_k_words[t])[::-1]
        probs = trace.top_k_probs[t][::-1].astype(np.float32)
        colors = ["#999999"] * (len(words) - 1) + [COLORS["hidden"]]
        return dict(type="bar", x=probs, y=[f"{w} " for w in words], marker=dict(color=colors),
                    text=[f"{p:.0%}" for p in probs])

    heatmap = dict(type="heatmap", z=shown(0), x=src, y=tgt, zmin=0, zmax=1, showscale=False,
                   colorscale=ATTENTION_SCALE, hoverongaps=False, xaxis="x", yaxis="y",
                   hovertemplate="%{y} ← %{x}: %{z:.3f}<extra></extra>")
    first_bars = dict(bars(0), orientation="h", textposition="outside", showlegend=False,
                      hovertemplate="%{y}: %{x:.3f}<extra></extra>", xaxis="x2", yaxis="y2")
    frames = [dict(name=tgt[t], traces=[0, 1],
                   data=[dict(type="heatmap", z=shown(t)), bars(t)],
                   layout=dict(shapes=[_row_frame(t, S)]))
              for t in range(T)]
    split = HEATMAP_SHARE * (1 - GAP)              # the two columns, as make_subplots lays them
    xaxis, yaxis = _word_axes(trace)
    return dict(data=[heatmap, first_bars], frames=frames, layout=dict(
        template=TEMPLATE_DICT, height=max(420, 170 + 40 * T), margin=dict(t=170, l=110),
        title=dict(text="Decoding, one step at a time" + _rule(trace)),
        shapes=[_row_frame(0, S)],
        xaxis=dict(anchor="y", domain=[0.0, split], **xaxis),
        yaxis=dict(anchor="x", domain=[0.0, 1.0], **yaxis),
        xaxis2=dict(anchor="y2", domain=[split + GAP, 1.0], range=[0, 1.15], tickformat=".0%"),
        yaxis2=dict(anchor="x2", domain=[0.0, 1.0]),
        annotations=[panel_title("this step's best words", (split + GAP + 1) / 2)]))


def _rule(trace: DecodingTrace) -> str:
    """A subtitle: what one row and column are (words made of pieces: how they were summed)."""
    if trace.summed:
        return f"<br><sup>{trace.summed}</sup>"
    return "<br><sup>subword pieces</sup>" if trace.unit == "piece" else ""


def _row_frame(t: int, S: int) -> dict:
    return dict(type="rect", xref="x", yref="y", x0=-0.5, x1=S - 0.5, y0=t - 0.5, y1=t + 0.5,
                line=dict(color=COLORS["forget_gate"], width=4))
