"""View: LSTM gate activations of the trained tagger, on the user's sentence."""
from __future__ import annotations

import gradio as gr

from ..data.examples import DECK_SENTENCE
from ..explain.gates import explain_gates
from ..figures.gates import equations_latex, gate_heatmaps, gate_summary
from ..figures.labels import busiest_units
from ..figures.lstm_cell import lstm_cell_figure
from .errors import InputError, handler
from .inputs import one_of, read_sentence, whole_number
from .player import Player, plot
from .style import LATEX

LSTM_CHOICES = [("slide tagger — 1 layer, left to right", "slide:0:0"),
                ("best tagger — layer 1, left to right", "best:0:0"),
                ("best tagger — layer 1, right to left", "best:0:1"),
                ("best tagger — layer 2, left to right", "best:1:0"),
                ("best tagger — layer 2, right to left", "best:1:1")]
CELL_PLAYER = Player("gates-cell", caption="One LSTM unit, token by token: ← → step, space plays")

INTRO = r"""
## LSTM gates
An LSTM cell decides, at every token, what to **forget** from its cell state $c$, what to **write**
(input gate × candidate) and what to **show** as $h$ (output gate):
$$c_t = f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t)$$
Every number below comes from the trained tagger's own step loop on your sentence. Pick a token
and a hidden unit to see the equations with their numbers; the cell diagram plays the unit across
the sentence.
"""


def check_selection(token, unit, trace) -> tuple[int, int]:
    if trace is None:
        raise InputError("Show the gates of a sentence first.")
    T, H = trace.hidden.shape
    return (whole_number("Token", token, 1, T) - 1, whole_number("Unit", unit, 0, H - 1))


def gates_view(text, lstm):
    """(status, trace, unit, cell figure): the work behind the handler and the first answer."""
    lstm = one_of(lstm, LSTM_CHOICES, "Choose one of the LSTM taggers.")
    name, layer, direction = lstm.split(":")
    tokens, note = read_sentence(text)
    trace = explain_gates(tokens, name, int(layer), int(direction))
    unit = busiest_units(trace.cell, 1)[0]      # its cell state moves most: a telling default
    status = (f"{len(tokens)} tokens · {trace.hidden.shape[1]} units · computed on "
              f"**{trace.device}** in {trace.seconds * 1000:.0f} ms"
              + (f" · ⚠ {note}" if note else ""))
    return status, trace, unit, lstm_cell_figure(trace, unit)


@handler
def show_gates(text, choice):
    status, trace, unit, cell = gates_view(text, choice)
    T = len(trace.tokens)
    return (status, CELL_PLAYER.html(cell),
            equations_latex(trace, 0, unit), plot(gate_heatmaps(trace, 0, unit)),
            plot(gate_summary(trace)),
            # a slider's minimum stays below its maximum: one token gets 1-2, fixed at 1
            gr.update(maximum=max(T, 2), value=1, interactive=T > 1),
            gr.update(maximum=trace.hidden.shape[1] - 1, value=unit), trace)


@handler
def select_token(token, unit, trace):
    t, u = check_selection(token, unit, trace)
    return equations_latex(trace, t, u), plot(gate_heatmaps(trace, t, u))


@handler
def select_unit(token, unit, trace):
    t, u = check_selection(token, unit, trace)
    return (CELL_PLAYER.html(lstm_cell_figure(trace, u)), equations_latex(trace, t, u),
            plot(gate_heatmaps(trace, t, u)))


def build_gates_tab() -> None:
    status0, trace0, unit0, cell0 = gates_view(DECK_SENTENCE, LSTM_CHOICES[0][1])  # at start-up
    gr.Markdown(INTRO, latex_delimiters=LATEX)
    with gr.Row():
        text = gr.Textbox(DECK_SENTENCE, label="Sentence", scale=3, elem_id="gates-text")
        choice = gr.Dropdown(LSTM_CHOICES, value=LSTM_CHOICES[0][1], label="Which LSTM",
                             scale=2, elem_id="gates-model")
    run = gr.Button("Show the gates", variant="primary", elem_id="gates-run")
    status = gr.Markdown(status0, elem_id="gates-status")
    with gr.Row():
        token = gr.Slider(1, len(trace0.tokens), value=1, step=1, label="token",
                          elem_id="gates-token")
        unit = gr.Slider(0, trace0.hidden.shape[1] - 1, value=unit0, step=1,
                         label="hidden unit", elem_id="gates-unit")
    trace = gr.State(trace0)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            cell = CELL_PLAYER.component(cell0)
        with gr.Column(scale=2):
            equations = gr.Markdown(equations_latex(trace0, 0, unit0), latex_delimiters=LATEX,
                                    elem_id="gates-equations")
    heatmaps = gr.Plot(plot(gate_heatmaps(trace0, 0, unit0)), elem_id="gates-heatmaps",
                       show_label=False)
    summary = gr.Plot(plot(gate_summary(trace0)), elem_id="gates-summary", show_label=False)

    gr.on([run.click, text.submit, choice.change], show_gates, [text, choice],
          [status, cell, equations, heatmaps, summary, token, unit, trace],
          api_name="gates", trigger_mode="always_last")
    token.change(select_token, [token, unit, trace], [equations, heatmaps],
                 api_name="gates_token", api_visibility="private", show_progress="hidden",
                 trigger_mode="always_last")
    unit.change(select_unit, [token, unit, trace], [cell, equations, heatmaps],
                api_name="gates_unit", api_visibility="private", show_progress="hidden",
                trigger_mode="always_last")
