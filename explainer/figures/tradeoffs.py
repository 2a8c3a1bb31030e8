"""Advantages and disadvantages of recurrent networks, as measured: pure figure builders."""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from ..traces.tradeoffs import DelayTrace, DirectionTrace, SizeTrace, TimingTrace
from .theme import COLORS, OKABE_ITO, TEMPLATE, UPOS_COLORS

RNN = COLORS["recurrent"]
MLP = COLORS["linear"]
ATTENTION = COLORS["attention"]
ELMAN, LSTM = OKABE_ITO["vermillion"], OKABE_ITO["blue"]


def median_ms(seconds: np.ndarray) -> np.ndarray:
    """(n, repeats) seconds -> (n,) median milliseconds."""
    return np.median(seconds, axis=1) * 1000


def size_figure(trace: SizeTrace) -> go.Figure:
    """Parameters needed to tag L words: the recurrent tagger (one model, every L) vs an MLP whose
    input layer takes all L words at once (a new, bigger model for every L)."""
    lengths = trace.lengths
    shapes = [" × ".join(str(d) for d in s) for s in trace.rnn_outputs]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=lengths, y=trace.mlp_parameters, name="MLP reading all L words at once",
        line=dict(color=MLP),
        hovertemplate="L = %{x}: %{y:,} parameters<extra>MLP</extra>"))
    fig.add_trace(go.Scatter(
        x=lengths, y=np.full(len(lengths), trace.rnn_parameters), customdata=shapes,
        name=f"recurrent tagger ({trace.model}), run on each L", line=dict(color=RNN),
        mode="lines+markers", marker=dict(size=6),
        hovertemplate="L = %{x}: %{y:,} parameters<br>it returned tag scores of shape "
                      "%{customdata}<extra>recurrent</extra>"))
    fig.update_xaxes(title_text="sentence length L (words)")
    fig.update_yaxes(title_text="parameters", rangemode="tozero", title_standoff=12,
                     automargin=True)
    fig.update_layout(template=TEMPLATE, height=420, legend=dict(x=0.01, y=0.99),
                      title="Variable length, constant size: one recurrent model for every L")
    return fig


def speed_figure(trace: TimingTrace) -> go.Figure:
    """Median milliseconds per sequence (repeats as faint dots) vs length."""
    fig = go.Figure()
    for name, values, color, label in (
            ("loop", trace.rnn_loop, RNN, "LSTM, step loop (L sequential steps)"),
            ("fused", trace.rnn_fused, OKABE_ITO["purple"],
             "LSTM, torch's fused kernel (still L steps inside)"),
            ("attention", trace.attention, ATTENTION,
             f"self-attention layer ({trace.heads} heads): all L positions at once")):
        fig.add_trace(go.Scatter(
            x=trace.lengths, y=median_ms(values), name=label, line=dict(color=color),
            mode="lines+markers", hovertemplate="L = %{x}: %{y:.2f} ms (median)<extra></extra>"))
        reps = values.shape[1]
        fig.add_trace(go.Scatter(
            x=np.repeat(trace.lengths, reps), y=values.ravel() * 1000, mode="markers",
            marker=dict(color=color, size=6, opacity=0.35), showlegend=False,
            hovertemplate="L = %{x}: %{y:.2f} ms (one run)<extra></extra>"))
    fig.update_xaxes(type="log", title_text="sequence length L (log scale)",
                     tickvals=list(trace.lengths))
    fig.update_yaxes(type="log", dtick=1, title_text="ms per sequence (log scale)")
    fig.update_layout(template=TEMPLATE, height=440, legend=dict(x=0.01, y=0.99),
                      title=f"Slower to compute: time per sequence, width {trace.width}, "
                            f"on {trace.device}")
    return fig


def delay_figure(trace: DelayTrace) -> go.Figure:
    """Accuracy vs delay for both networks at one training checkpoint; chance at 25%."""
    fig = go.Figure()
    fig.add_vrect(x0=trace.trained_up_to, x1=float(trace.delays.max()) * 1.05,
                  fillcolor="rgba(128,128,128,0.15)", line_width=0,
                  annotation_text="longer than any<br>training sequence",
                  annotation_position="bottom left")
    fig.add_hline(y=0.25, line=dict(color=COLORS["input"], dash="dash", width=2),
                  annotation_text="chance (1 in 4)", annotation_position="bottom left")
    for name, values, color in (("Elman RNN", trace.elman, ELMAN), ("LSTM", trace.lstm, LSTM)):
        fig.add_trace(go.Scatter(
            x=trace.delays, y=values, name=name, line=dict(color=color), mode="lines+markers",
            hovertemplate=f"{name}<br>delay %{{x}}: %{{y:.1%}} right<extra></extra>"))
    fig.update_xaxes(title_text="delay d: noise symbols between the symbol and the question",
                     range=[0, float(trace.delays.max()) * 1.05])
    fig.update_yaxes(title_text="accuracy", range=[0, 1.05], tickformat=".0%")
    fig.update_layout(template=TEMPLATE, height=460, margin=dict(b=110),
                      legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.3),
                      title=f"After {trace.step:,} training steps (both networks, "
                            f"{trace.hidden_size} units): remember the first symbol")
    return fig


def _chip(word: str, tag: str, prob: float, changed: bool) -> str:
    color = UPOS_COLORS.get(tag, "#BBBBBB")
    border = f"border-color: {color}" + ("; box-shadow: 0 0 0 3px #D55E00" if changed else "")
    return (f"<span class='pos-chip' style='{border}'><span class='pos-word'>"
            f"{html.escape(word)}</span><span class='pos-tag' style='background:{color}'>"
            f"{html.escape(tag)}</span><span class='pos-prob'>{prob:.2f}</span></span>")


def directions_html(trace: DirectionTrace) -> str:
    """The sentence tagged twice; words whose tag differs are ringed."""
    rows = []
    for label, tags, probs in (("left to right only (slide)", trace.forward_tags,
                                trace.forward_prob),
                               ("both directions (best)", trace.both_tags, trace.both_prob)):
        chips = "".join(_chip(w, t, float(p), bool(c)) for w, t, p, c in
                        zip(trace.tokens, tags, probs, trace.changed))
        rows.append(f"<div style='margin:.3em 0'><b>{html.escape(label)}</b>"
                    f"<div class='pos-sentence'>{chips}</div></div>")
    return "".join(rows)


def directions_figure(trace: DirectionTrace) -> go.Figure:
    """How much each word's tag distribution moves when every word after it is deleted."""
    labels = [f"{i + 1} {w}" for i, w in enumerate(trace.tokens)]
    fig = go.Figure()
    for name, values, color in (("left to right only (slide)", trace.forward_prefix_change, ELMAN),
                                ("both directions (best)", trace.both_prefix_change, LSTM)):
        fig.add_trace(go.Bar(
            x=labels, y=values, name=name, marker_color=color,
            hovertemplate="%{x}: max |Δp| = %{y:.4f}<extra>" + name + "</extra>"))
    fig.update_xaxes(tickvals=labels, ticktext=list(trace.tokens), tickangle=-30)
    fig.update_yaxes(title_text="max |Δp(tag)|", range=[0, 1.02])
    fig.update_layout(template=TEMPLATE, height=420, barmode="group", margin=dict(b=120),
                      legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.35),
                      title="Delete the words after each word: does its tag distribution move?")
    return fig
