"""What the gallery's mini-models computed, drawn: p(noun) per word, the generated text with the
model's probabilities, p(English) after every prefix. Pure functions of the traces; the figures
are plain dicts (see figures.plain)."""
from __future__ import annotations

import html

import numpy as np

from ..traces.paradigms import GenerationTrace, LanguageTrace, NounTrace
from .plain import hband, vline
from .theme import COLORS, OKABE_ITO, TEMPLATE_DICT

ENGLISH, FRENCH = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
NOUN, OTHER = OKABE_ITO["blue"], OKABE_ITO["grey"]
MAX_TICKS = 90            # characters labelled under the p(English) curve
HEATMAP_STEPS = 30        # generated characters shown in the candidates heatmap


def diagram_labels(tokens: list[str], limit: int = 6) -> list[str]:
    """At most `limit` labels for an unrolled diagram: the first ones, then "…" and the last."""
    if len(tokens) <= limit:
        return list(tokens)
    return list(tokens[:limit - 2]) + ["…", tokens[-1]]


# ---- one-to-one ---------------------------------------------------------------------------------

def noun_figure(trace: NounTrace) -> dict:
    """p(noun) of each word on its own, as horizontal bars (first word on top)."""
    words = [f"{i + 1}. {w}" for i, w in enumerate(trace.words)]      # unique labels
    bars = dict(
        type="bar", x=trace.p_noun, y=words, orientation="h",
        marker=dict(color=[NOUN if p >= 0.5 else OTHER for p in trace.p_noun]),
        text=[f"{p:.2f}" for p in trace.p_noun], textposition="outside",
        customdata=[", ".join(f) or "none" for f in trace.features],
        hovertemplate="%{y}<br>p(noun) = %{x:.3f}<br>features: %{customdata}<extra></extra>")
    return dict(data=[bars], layout=dict(
        template=TEMPLATE_DICT, height=max(260, 110 + 44 * len(words)), showlegend=False,
        title=dict(text="One word in, one answer out"),
        shapes=[vline(0.5, line=dict(color=COLORS["input"], dash="dash", width=2))],
        xaxis=dict(range=[0, 1.12], title=dict(text="p(noun | the word alone)")),
        yaxis=dict(autorange="reversed", tickvals=words, ticktext=list(trace.words),
                   automargin=True)))


def noun_table_html(trace: NounTrace) -> str:
    """Each word, its answer and the spelling features the network read."""
    rows = "".join(
        f"<tr><td><b>{html.escape(w)}</b></td><td>{'noun' if p >= 0.5 else 'not a noun'} "
        f"({p:.2f})</td><td>{html.escape(', '.join(f))}"
        + (f" <span class='dim'>(unknown to it: {html.escape(', '.join(i))})</span>" if i else "")
        + "</td></tr>"
        for w, p, f, i in zip(trace.words, trace.p_noun, trace.features, trace.ignored))
    return ("<table class='steps'><thead><tr><th>word</th><th>answer (p)</th>"
            "<th>input x: the spelling features that are 1</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


# ---- one-to-many --------------------------------------------------------------------------------

def _visible(char: str) -> str:
    return {"\n": "⏎", " ": "␣"}.get(char, char)


def generation_html(trace: GenerationTrace) -> str:
    """The seed, then every sampled character shaded by how unlikely it was (the darker, the more
    surprising the draw); hovering a character lists the model's top candidates at that step."""
    spans = [f"<span title='the one input' style='font-weight: 800; "
             f"border-bottom: 3px solid {COLORS['input']}'>{html.escape(trace.seed)}</span>"]
    for char, p, chars, probs in zip(trace.text, trace.chosen_prob, trace.top_chars,
                                     trace.top_probs):
        tip = ", ".join(f"{_visible(c)} {q:.2f}" for c, q in zip(chars, probs))
        alpha = 0.6 * (1 - float(p)) ** 2      # confident draws stay almost clear
        shown = "<br>" if char == "\n" else html.escape(char)
        spans.append(f"<span title='p = {p:.2f}; candidates: {html.escape(tip)}' "
                     f"style='background: rgba(213,94,0,{alpha:.2f})'>{shown}</span>")
    return ("<div class='gen-text' style='font-family: var(--font-mono); font-size: 20px; "
            "line-height: 1.5; white-space: pre-wrap'>" + "".join(spans) + "</div>")


def candidates_figure(trace: GenerationTrace, steps: int = HEATMAP_STEPS) -> dict:
    """The distribution each step sampled from: the top candidates (rows) per generated character
    (columns), coloured by probability, with the character actually drawn marked."""
    n = min(steps, len(trace.text))
    k = trace.top_probs.shape[1]
    labels = [f"{t + 1} {_visible(c)}" for t, c in enumerate(trace.text[:n])]
    text = [[_visible(trace.top_chars[t][r]) for t in range(n)] for r in range(k)]
    heatmap = dict(
        type="heatmap", z=trace.top_probs[:n].T, x=labels, y=[f"#{r + 1}" for r in range(k)],
        text=text, texttemplate="%{text}", textfont=dict(size=18, color="#111"), zmin=0, zmax=1,
        colorscale=[[0, "#ffffff"], [1, COLORS["attention"]]],   # dark text reads on every cell
        colorbar=dict(title=dict(text="p"), thickness=14),
        hovertemplate="step %{x}<br>candidate %{text}: p = %{z:.3f}<extra></extra>")
    picked = [next((r for r in range(k) if trace.top_chars[t][r] == trace.text[t]), None)
              for t in range(n)]
    sampled = dict(
        type="scatter", x=[labels[t] for t in range(n) if picked[t] is not None],
        y=[f"#{picked[t] + 1}" for t in range(n) if picked[t] is not None], mode="markers",
        marker=dict(symbol="square-open", size=30, color=COLORS["recurrent"],
                    line=dict(width=3)), name="sampled", hoverinfo="skip")
    return dict(data=[heatmap, sampled], layout=dict(
        template=TEMPLATE_DICT, height=360, showlegend=False,
        title=dict(text=f"Each step's top {k} candidates at temperature {trace.temperature:g} "
                        f"(first {n} steps; box = the one sampled)"),
        xaxis=dict(tickvals=labels, ticktext=[_visible(c) for c in trace.text[:n]], tickangle=0,
                   title=dict(text="generated character (one step each)")),
        yaxis=dict(autorange="reversed", title=dict(text="candidate rank"))))


# ---- many-to-one --------------------------------------------------------------------------------

def language_figure(trace: LanguageTrace) -> dict:
    """p(English | first t characters) for every t: the one answer is the last point."""
    T = len(trace.text)
    x = np.arange(1, T + 1)
    last = float(trace.p_english[-1])
    curve = dict(
        type="scatter", x=x, y=trace.p_english,
        mode="lines+markers" if T <= MAX_TICKS else "lines",
        line=dict(color=COLORS["hidden"]), marker=dict(size=7),
        customdata=[trace.text[:t] for t in range(1, T + 1)],
        hovertemplate="read so far: “%{customdata}”<br>p(English) = %{y:.3f}<extra></extra>")
    answer = dict(
        type="scatter", x=[T], y=[last], mode="markers+text",
        marker=dict(size=20, color=ENGLISH if trace.answer == "English" else FRENCH,
                    line=dict(color="#222", width=2)),
        text=[f"answer: {trace.answer}"],
        textposition="bottom left" if last >= 0.5 else "top left",
        textfont=dict(size=20), hoverinfo="skip")
    sides = [dict(x=0.01, y=0.97, xref="paper", yref="y", text="English", showarrow=False,
                  xanchor="left", yanchor="top", font=dict(color=ENGLISH, size=18)),
             dict(x=0.01, y=0.03, xref="paper", yref="y", text="French", showarrow=False,
                  xanchor="left", yanchor="bottom", font=dict(color=FRENCH, size=18))]
    ticks = (dict(tickvals=list(x), ticktext=[_visible(c) for c in trace.text], tickangle=0,
                  tickfont=dict(size=15 if T <= 50 else 11)) if T <= MAX_TICKS else {})
    return dict(data=[curve, answer], layout=dict(
        template=TEMPLATE_DICT, height=400, showlegend=False,
        title=dict(text="p(English) if the sentence stopped here — only the last point is the "
                        "model's answer"),
        shapes=[hband(0.5, 1.0, fillcolor=ENGLISH, opacity=0.08, line=dict(width=0)),
                hband(0.0, 0.5, fillcolor=FRENCH, opacity=0.08, line=dict(width=0))],
        annotations=sides,
        xaxis=dict(title=dict(text="characters read, one step each"), range=[0.3, T + 0.7],
                   **ticks),
        yaxis=dict(range=[-0.03, 1.03], title=dict(text="p(English)"))))
