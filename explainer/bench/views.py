"""Benchmark rows measured in-process, without the server: building each view's figures, the
bytes they put in the page, and live training. Used by `python -m explainer.bench` (section
`views`)."""
from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

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
    from ..explain.pos import explain_tagging
    from ..figures.gates import gate_heatmaps, gate_summary
    from ..figures.lstm_cell import lstm_cell_figure
    from ..figures.labels import busiest_units
    from ..figures.pos import hidden_heatmap, trajectory, unit_lines
    from ..figures.pos_html import seven_steps, tagged_sentence
    from ..ui.player import payload_size

    def pos_view(tokens):
        trace = explain_tagging(tokens, "slide")
        figs = [hidden_heatmap(trace), unit_lines(trace, busiest_units(trace.hidden)),
                trajectory(trace)]
        html = seven_steps(trace) + tagged_sentence(trace)
        return sum(json_bytes(f) for f in figs) + len(html.encode())

    def gates_view(tokens):
        trace = explain_gates(tokens, "slide")
        cell = lstm_cell_figure(trace, 0)
        return (payload_size(cell) + json_bytes(gate_heatmaps(trace))
                + json_bytes(gate_summary(trace)))

    views = {"pos (tag + all figures)": pos_view, "gates (trace + cell animation + heatmaps)":
             gates_view}
    views.update(_unrolled_view("slide", payload_size))
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
    from ..explain.translation import explain_translation
    from ..figures.translation import attention_heatmap, decoding_figure

    def build(tokens):
        text = " ".join(tokens)
        attention, _ = (explain_translation(text, name, 0)
                        for name in ("attention", "plain"))
        return json_bytes(attention_heatmap(attention)) + payload_size(
            decoding_figure(attention))
    return {"translation (both models + heatmap + animation)": build}


def _unrolled_view(model: str, payload_size) -> dict:
    """The rolled/unrolled animation, once that figure exists."""
    try:
        from ..figures.unrolled import unrolled_figure
    except ImportError:
        return {}
    from ..explain.pos import explain_tagging
    return {"unrolled (animation payload)":
            lambda tokens: payload_size(unrolled_figure(explain_tagging(tokens, model)))}


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
        size = sum(len(data.plot) for data in build() if hasattr(data, "plot"))
        label = f"bptt ({cell}{'' if radius is None else f', radius {radius:g}'}, clip 1)"
        rows.append(FigureRow(label, len(tokens), _median_ms(build, repeats), size))
    return rows


# ---- the worst input each endpoint accepts ----------------------------------------------------
#
# Each limit of explainer/ui is meant to keep the largest request it lets through within a
# budget: <= 2 s of CPU, <= 2 MB of payload, <= 50 MB of memory. These are those requests, by
# endpoint (tests/ui/test_budgets.py checks their payload and memory; the bench times them).
# Live training (pos_train_class, bptt_truncated) is bounded by its own time limits instead;
# its upload is here.

LONG_WORD = "abcdefghijklmnopqrstuvwxy"             # 25 letters: the best tagger reads 20


@dataclass(frozen=True)
class WorstCase:
    endpoint: str          # the api_name
    worst_input: str       # what makes it the worst accepted, in words
    call: Callable[[], object]   # runs the handler once; returns what it sends (or streams)


@dataclass
class WorstRow:
    endpoint: str
    worst_input: str
    p50_ms: float
    payload_bytes: int


def payload_bytes(outputs) -> int:
    """What a handler's outputs put in the page: figures' JSON, HTML and Markdown text, updates;
    state (a trace kept in gr.State) stays on the server and counts nothing."""
    from gradio.components.plot import PlotData
    if isinstance(outputs, (tuple, list)):
        return sum(payload_bytes(o) for o in outputs)
    if isinstance(outputs, PlotData):
        return len(outputs.plot.encode())
    if isinstance(outputs, str):
        return len(outputs.encode())
    if isinstance(outputs, dict):
        return len(json.dumps(outputs, default=str).encode())
    return 0


def class_upload(folder: Path) -> Path:
    """The largest class dataset accepted: 1,000 sentences of 64 words."""
    from ..explain.live import MAX_SENTENCES, MAX_WORDS_PER_SENTENCE
    path = folder / "largest-class.csv"
    sentence = "".join(f"{LONG_WORD[:12]},NOUN\n" for _ in range(MAX_WORDS_PER_SENTENCE))
    path.write_text("word,tag\n" + (sentence + "\n") * MAX_SENTENCES)
    return path


def worst_cases(folder: Path) -> list[WorstCase]:
    """Every endpoint's worst accepted input; `folder` receives the generated upload."""
    from ..explain.tradeoffs import load_delay
    from ..ui import (bptt, bptt_sections, gates, neurons, paradigms, pos, pos_class, tradeoffs,
                      translation, unrolled)
    from ..ui.inputs import MAX_CHARS, MAX_TOKENS, SEED_MAX
    words = " ".join([LONG_WORD] * MAX_TOKENS)                  # 64 tokens of 25 letters
    commas = "," * 24                     # 25 tokens ("▁" then 24 commas): no end in 40 steps
    settings = (True, 4.0, "identity", True, 1e-6, "NOUN")      # rescale, radius, clip, target
    upload = class_upload(folder)
    # the private events redraw from the trace a public one left in the session's gr.State
    gates_trace = cache(lambda: gates.show_gates(words, "best:1:1")[-1])
    pos_trace = cache(lambda: pos.tag_view(words, "best").trace)
    cases = [
        ("translate", "25 commas (the token cap), beam 5: 40 steps, both models",
         lambda: translation.translate(commas, 5)),
        ("translate", "25 commas, greedy", lambda: translation.translate(commas, 0)),
        ("translate", "2 sentences of 25 tokens (the text's 50), beam 8, both models",
         lambda: translation.translate(f"A{commas[:23]}. A{commas[:23]}.", 8, 2)),
        ("translate_force_attention", "25 commas, beam 8, step 1 forced: 40 steps again",
         lambda: translation.force_attention(commas, 8, 1, 1, 25)),
        ("translate_prefix", "25 commas, a French start of 20 tokens",
         lambda: translation.force_prefix(commas, 1, "le " * 20)),
        ("paradigm_translate", "25 commas: 40 steps", lambda: paradigms.translate_sentence(commas)),
        ("pos_tag", "64 words of 25 letters, best tagger", lambda: pos.tag_sentence(words, "best")),
        ("gates", "64 words, best tagger's layer 2 right to left",
         lambda: gates.show_gates(words, "best:1:1")),
        ("gates", "25 commas, the translator's GRU encoder right to left",
         lambda: gates.show_gates(commas, "gru:attention:1")),
        ("gates_unit", "another unit of that trace: the cell animation again",
         lambda: gates.select_unit(MAX_TOKENS, 0, gates_trace())),
        ("pos_select_token", "the last word of the 64, best tagger",
         lambda: pos.select_token(MAX_TOKENS - 1, pos_trace())),
        ("unrolled", "64 words, LSTM", lambda: unrolled.unroll_sentence(words, "slide")),
        ("bptt", "64 words, LSTM, rescaled, clipped",
         lambda: bptt.backpropagate(words, "lstm", *settings)),
        ("bptt_from", "64 words, GRU, loss at token 1",
         lambda: bptt.backpropagate_from(words, "gru", 1, *settings)),
        ("paradigm_tag", "64 words", lambda: paradigms.tag_synced(words)),
        ("paradigm_isnoun", "12 words of 40 letters",
         lambda: paradigms.classify_words(" ".join([LONG_WORD + "x" * 15] * 12))),
        ("paradigm_langid", f"{MAX_CHARS} characters",
         lambda: paradigms.identify_language(("le chat " * MAX_CHARS)[:MAX_CHARS])),
        ("paradigm_generate", "400 characters at temperature 2",
         lambda: paradigms.generate_text("R", 400, 2.0, SEED_MAX)),
        ("tradeoffs_future", f"{tradeoffs.MAX_DIRECTION_TOKENS} words of 25 letters",
         lambda: tradeoffs.show_directions(" ".join([LONG_WORD] * tradeoffs.MAX_DIRECTION_TOKENS))),
        ("tradeoffs_sizes", "64 lengths", lambda: tradeoffs.show_sizes(64)),
        ("tradeoffs_speed", "5 repeats", lambda: tradeoffs.show_speed(5)),
        ("tradeoffs_delay", "512 sequences per delay, last checkpoint",
         lambda: tradeoffs.show_delays(load_delay("elman").steps[-1], 512, SEED_MAX)),
        ("neuron_shapes", "L 119, N 11, 724 in, 724 out: at every cap",
         lambda: neurons.explore_shapes(119, 11, 724, 724)),
        ("neuron_shapes", "L 5, N 256, 724 in, 724 out: the widest batch",
         lambda: neurons.explore_shapes(5, 256, 724, 724)),
        ("neuron_shapes", "L 512, N 4, 1 in, 488 out: the longest loop",
         lambda: neurons.explore_shapes(512, 4, 1, 488)),
        ("neuron_shapes", "L 1, N 1, 1024 in, 512 out: the widest input",
         lambda: neurons.explore_shapes(1, 1, 1024, 512)),
        ("stateful", "30 repeats", lambda: neurons.feed_same_token(30, SEED_MAX)),
        ("bptt_math_scalar", "6 inputs, ReLU",
         lambda: bptt_sections.work_scalar("100, -100, 100, -100, 100, -100", 100, 100, 100,
                                           100, "relu")),
        ("bptt_math_vector", "6 steps, rescaled",
         lambda: bptt_sections.work_vector(6, SEED_MAX, True, 100, "relu")),
        ("bptt_cuts", "D 8, k 20", lambda: bptt_sections.show_cuts(8, 20)),
        ("pos_train_class", "reading the largest upload (1,000 x 64 words)",
         lambda: pos_class.load_dataset(str(upload))),
    ]
    return [WorstCase(*case) for case in cases]


def worst_case_rows(repeats: int = 3) -> list[WorstRow]:
    """Each endpoint's worst accepted input: median ms (wall clock, in-process, after one
    warm-up call) and the bytes it sends."""
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for case in worst_cases(Path(folder)):
            size = payload_bytes(case.call())
            rows.append(WorstRow(case.endpoint, case.worst_input,
                                 _median_ms(case.call, repeats), size))
    return rows
