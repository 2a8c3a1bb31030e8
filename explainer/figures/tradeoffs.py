"""Advantages and disadvantages of recurrent networks, as measured: pure figure builders (plain
dicts: see figures.plain)."""
from __future__ import annotations

import html

import numpy as np

from ..traces.tradeoffs import DelayTrace, DirectionTrace, SizeTrace, TimingTrace
from .labels import token_labels
from .plain import hline, vband
from .theme import COLORS, OKABE_ITO, TEMPLATE_DICT, UPOS_COLORS

RNN = COLORS["recurrent"]
MLP = COLORS["linear"]
ATTENTION = COLORS["attention"]
ELMAN, LSTM = OKABE_ITO["vermillion"], OKABE_ITO["blue"]


def median_ms(seconds: np.ndarray) -> np.ndarray:
    """(n, repeats) seconds -> (n,) median milliseconds."""
    return np.median(seconds, axis=1) * 1000


def size_figure(trace: SizeTrace) -> dict:
    """Parameters needed to tag L words: the recurrent tagger (one model, every L), an MLP whose
    input layer takes all L words at once (sized for one L), and a window MLP (one size, blind
    beyond its window)."""
    lengths = trace.lengths
    shapes = [" × ".join(str(d) for d in s) for s in trace.rnn_outputs]
    mlp = dict(type="scatter", x=lengths, y=trace.mlp_parameters,
               name="MLP over the whole sentence, built for L", line=dict(color=MLP),
               hovertemplate="L = %{x}: %{y:,} parameters<extra>MLP</extra>")
    window = dict(type="scatter", x=lengths, y=np.full(len(lengths), trace.window_parameters),
                  name=f"window MLP ({trace.window} words: blind beyond them)",
                  line=dict(color=MLP, dash="dot"),
                  hovertemplate="L = %{x}: %{y:,} parameters<extra>window MLP</extra>")
    rnn = dict(type="scatter", x=lengths, y=np.full(len(lengths), trace.rnn_parameters),
               customdata=shapes, name=f"recurrent tagger ({trace.model}), run on each L",
               line=dict(color=RNN), mode="lines+markers", marker=dict(size=6),
               hovertemplate="L = %{x}: %{y:,} parameters<br>it returned tag scores of shape "
                             "%{customdata}<extra>recurrent</extra>")
    return dict(data=[mlp, window, rnn], layout=dict(
        template=TEMPLATE_DICT, height=420, legend=dict(x=0.01, y=0.99),
        title=dict(text="Variable length, constant size: one recurrent model for every L"),
        xaxis=dict(title=dict(text="sentence length L (words)")),
        yaxis=dict(title=dict(text="parameters", standoff=12), rangemode="tozero",
                   automargin=True)))


def speed_figure(trace: TimingTrace) -> dict:
    """Median milliseconds per sequence (repeats as faint dots) vs length."""
    data = []
    for values, color, label in (
            (trace.rnn_loop, RNN, "LSTM, step loop (L sequential steps)"),
            (trace.rnn_fused, OKABE_ITO["purple"],
             "LSTM, torch's fused kernel (still L steps inside)"),
            (trace.attention, ATTENTION,
             f"self-attention layer ({trace.heads} heads): all L positions in the same "
             "matrix products")):
        reps = values.shape[1]
        data += [dict(type="scatter", x=trace.lengths, y=median_ms(values), name=label,
                      line=dict(color=color), mode="lines+markers",
                      hovertemplate="L = %{x}: %{y:.2f} ms (median)<extra></extra>"),
                 dict(type="scatter", x=np.repeat(trace.lengths, reps), y=values.ravel() * 1000,
                      mode="markers", marker=dict(color=color, size=6, opacity=0.35),
                      showlegend=False,
                      hovertemplate="L = %{x}: %{y:.2f} ms (one run)<extra></extra>")]
    return dict(data=data, layout=dict(
        template=TEMPLATE_DICT, height=440, legend=dict(x=0.01, y=0.99),
        title=dict(text=f"Slower to compute: time per sequence, width {trace.width}, "
                        f"on {trace.device}"),
        xaxis=dict(type="log", title=dict(text="sequence length L (log scale)"),
                   tickvals=list(trace.lengths)),
        yaxis=dict(type="log", dtick=1, title=dict(text="ms per sequence (log scale)"))))


def delay_figure(trace: DelayTrace) -> dict:
    """Accuracy vs delay for both networks at one training checkpoint; chance at 25%."""
    end = float(trace.delays.max()) * 1.05
    data = [dict(type="scatter", x=trace.delays, y=values, name=name, line=dict(color=color),
                 mode="lines+markers",
                 hovertemplate=f"{name}<br>delay %{{x}}: %{{y:.1%}} right<extra></extra>")
            for name, values, color in (("Elman RNN", trace.elman, ELMAN),
                                        ("LSTM", trace.lstm, LSTM))]
    notes = [dict(text="longer than any<br>training sequence", showarrow=False,
                  x=trace.trained_up_to, xref="x", xanchor="left", y=0, yref="y domain",
                  yanchor="bottom"),
             dict(text="chance (1 in 4)", showarrow=False, x=0, xref="x domain", xanchor="left",
                  y=0.25, yref="y", yanchor="top")]
    return dict(data=data, layout=dict(
        template=TEMPLATE_DICT, height=460, margin=dict(b=110),
        legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.3),
        title=dict(text=f"After {trace.step:,} training steps (both networks, "
                        f"{trace.hidden_size} units): remember the first symbol"),
        shapes=[vband(trace.trained_up_to, end, fillcolor="rgba(128,128,128,0.15)",
                      line=dict(width=0)),
                hline(0.25, line=dict(color=COLORS["input"], dash="dash", width=2))],
        annotations=notes,
        xaxis=dict(title=dict(text="delay d: noise symbols between the symbol and the question"),
                   range=[0, end]),
        yaxis=dict(title=dict(text="accuracy"), range=[0, 1.05], tickformat=".0%")))


def _chip(word: str, tag: str, prob: float | None, changed: bool,
          right: bool | None = None) -> str:
    color = UPOS_COLORS.get(tag, "#BBBBBB")
    border = f"border-color: {color}" + ("; box-shadow: 0 0 0 3px #D55E00" if changed else "")
    mark = "" if right is None else (
        "<span class='pos-prob' title='the gold tag'>✓</span>" if right else
        "<span class='pos-prob' title='not the gold tag' style='color:#D55E00'>✗</span>")
    prob_text = "" if prob is None else f"<span class='pos-prob'>{prob:.2f}</span>"
    return (f"<span class='pos-chip' style='{border}'><span class='pos-word'>"
            f"{html.escape(word)}</span><span class='pos-tag' style='background:{color}'>"
            f"{html.escape(tag)}</span>{prob_text}{mark}</span>")


def directions_html(trace: DirectionTrace) -> str:
    """The sentence tagged twice; words whose tag differs are ringed. Where our gold tags are
    known, a third row shows them and each answer is marked right (✓) or wrong (✗)."""
    rows = []
    for label, tags, probs in (("left to right only (slide)", trace.forward_tags,
                                trace.forward_prob),
                               ("both directions (best)", trace.both_tags, trace.both_prob)):
        right = trace.right(tags)
        chips = "".join(_chip(w, t, float(p), bool(c), None if right is None else bool(r))
                        for w, t, p, c, r in zip(trace.tokens, tags, probs, trace.changed,
                                                 right if right is not None else trace.changed))
        rows.append(f"<div style='margin:.3em 0'><b>{html.escape(label)}</b>"
                    f"<div class='pos-sentence'>{chips}</div></div>")
    if trace.gold is not None:
        chips = "".join(_chip(w, g, None, False) for w, g in zip(trace.tokens, trace.gold))
        rows.append("<div style='margin:.3em 0'><b>gold tags (assigned by this project, "
                    f"following the UD guidelines)</b><div class='pos-sentence'>{chips}</div>"
                    "</div>")
    return "".join(rows)


def directions_figure(trace: DirectionTrace) -> dict:
    """How much each word's tag distribution moves when every word after it is deleted."""
    labels = token_labels(trace.tokens)
    bars = [dict(type="bar", x=labels, y=values, name=name, marker=dict(color=color),
                 hovertemplate="%{x}: max |Δp| = %{y:.4f}<extra>" + name + "</extra>")
            for name, values, color in (
                ("left to right only (slide)", trace.forward_prefix_change, ELMAN),
                ("both directions (best)", trace.both_prefix_change, LSTM))]
    return dict(data=bars, layout=dict(
        template=TEMPLATE_DICT, height=420, barmode="group", margin=dict(b=120),
        legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.35),
        title=dict(text="Delete the words after each word: does its tag distribution move?"),
        xaxis=dict(tickvals=labels, ticktext=list(trace.tokens), tickangle=-30),
        yaxis=dict(title=dict(text="max |Δp(tag)|"), range=[0, 1.02])))
