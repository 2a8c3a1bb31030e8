"""Benchmark rows measured in-process, without the server: building each view's figures, the
bytes they put in the page, and live training. Used by `python -m explainer.bench` (section
`views`)."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from ..data.tokenizer import tokenize

SENTENCE_10 = "The little girl is reading a book in the garden."   # 10 English words
SENTENCE_20 = ("My brother reads old books in the garden while his two cats sleep quietly "
               "near the warm kitchen window.")              # 20 tokens
SENTENCE_12 = "The quick brown fox jumps over the lazy dog near the river."
SENTENCE_40 = ("I love purple cats, and my sister, who lives in Paris with her two dogs, says "
               "that cats are neat but that dogs are better friends when you walk for hours "
               "along the river every morning.")


@dataclass
class FigureRow:
    view: str
    tokens: int
    p50_ms: float          # median time to compute the trace and build every figure of the view
    payload_bytes: int     # what the view's figures weigh in the page


@dataclass
class TrainingRow:
    sentences: int
    epochs_to_90: int      # first epoch whose training accuracy is >= 90%
    seconds_to_90: float
    final_accuracy: float


def json_bytes(fig) -> int:
    """What a gr.Plot sends for a plain-dict figure."""
    from ..figures.plain import figure_json
    return len(figure_json(fig))


def _median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def figure_rows(repeats: int = 5) -> list[FigureRow]:
    from ..explain.gates import explain_gates
    from ..explain.pos import explain_tagging, load_tagger
    from ..figures.gates import gate_heatmaps, gate_summary
    from ..figures.lstm_cell import lstm_cell_figure
    from ..figures.labels import busiest_units
    from ..figures.pos import hidden_heatmap, trajectory, unit_lines
    from ..figures.pos_html import seven_steps, tagged_sentence
    from ..ui.player import payload_size

    slide = load_tagger("slide")

    def pos_view(tokens):
        trace = explain_tagging(tokens, slide)
        figs = [hidden_heatmap(trace), unit_lines(trace, busiest_units(trace.hidden)),
                trajectory(trace)]
        html = seven_steps(trace) + tagged_sentence(trace)
        return sum(json_bytes(f) for f in figs) + len(html.encode())

    def gates_view(tokens):
        trace = explain_gates(tokens, slide)
        cell = lstm_cell_figure(trace, 0)
        return (payload_size(cell) + json_bytes(gate_heatmaps(trace))
                + json_bytes(gate_summary(trace)))

    views = {"pos (tag + all figures)": pos_view, "gates (trace + cell animation + heatmaps)":
             gates_view}
    views.update(_unrolled_view(slide, payload_size))
    views.update(_translation_view(payload_size))
    rows = []
    for name, build in views.items():
        texts = (SENTENCE_10,) if name.startswith("translation") else (SENTENCE_12, SENTENCE_40)
        for text in texts:
            tokens = tokenize(text)
            size = build(tokens)
            rows.append(FigureRow(name, len(tokens), _median_ms(lambda: build(tokens), repeats),
                                  size))
    return rows + bptt_rows(repeats)


def _translation_view(payload_size) -> dict:
    """Translate with both models, the heatmap and the step-through animation."""
    from ..explain.translation import explain_translation, load_translator
    from ..figures.translation import attention_heatmap, decoding_figure

    def build(tokens):
        text = " ".join(tokens)
        attention, _ = (explain_translation(text, load_translator(name), 0)
                        for name in ("attention", "plain"))
        return json_bytes(attention_heatmap(attention)) + payload_size(
            decoding_figure(attention))
    return {"translation (both models + heatmap + animation)": build}


def _unrolled_view(tagger, payload_size) -> dict:
    """The rolled/unrolled animation, once that figure exists."""
    try:
        from ..figures.unrolled import unrolled_figure
    except ImportError:
        return {}
    from ..explain.pos import explain_tagging
    return {"unrolled (animation payload)":
            lambda tokens: payload_size(unrolled_figure(explain_tagging(tokens, tagger)))}


def training_row() -> TrainingRow:
    """Live training of the slide tagger on the 200-sentence class sample, to 90% accuracy."""
    from ..data.tagged import read_tagged
    from ..explain.live import train_class_tagger
    from ..ui.pos_class import SAMPLE
    sentences = read_tagged(SAMPLE)
    for curve, _ in train_class_tagger(sentences, epochs=40):
        if curve.accuracies[-1] >= 0.9:
            return TrainingRow(len(sentences), len(curve.losses), curve.seconds,
                               curve.accuracies[-1])
    return TrainingRow(len(sentences), -1, curve.seconds, curve.accuracies[-1])



BENCH_SENTENCE_20 = ("My sister, who lives in Paris with her two dogs, says that cats are "
                     "neat and quiet.")


def bptt_rows(repeats: int = 5):
    """The BPTT view's answer for a 20-token sentence (trace + both figures) per cell, as
    FigureRow rows: median ms, and the bytes of the figures' JSON."""
    from ..ui.bptt import gradient_view
    tokens = tokenize(BENCH_SENTENCE_20)
    rows = []
    for cell, radius in (("elman", None), ("lstm", None), ("gru", None), ("elman", 1.5)):
        def build():
            return gradient_view(tokens, cell, len(tokens), radius, "tanh", 1.0)
        size = sum(len(data.plot) for data in build()[1:])
        label = f"bptt ({cell}{'' if radius is None else f', radius {radius:g}'}, clip 1)"
        rows.append(FigureRow(label, len(tokens), _median_ms(build, repeats), size))
    return rows
