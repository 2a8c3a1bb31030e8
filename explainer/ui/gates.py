"""View: the gates of a trained LSTM (a POS tagger) or GRU (a translator's encoder) on the user's
sentence."""
from __future__ import annotations

import gradio as gr

from ..data.examples import DECK_SENTENCE
from ..data.subwords import WORD_START, piece_text, words_of
from ..explain.gates import explain_gates, explain_gru_gates
from ..figures.gates import equations_latex, gate_heatmaps, gate_summary
from ..figures.gru_cell import gru_cell_figure
from ..figures.labels import busiest_units, literal
from ..figures.lstm_cell import lstm_cell_figure
from .errors import InputError, handler
from .inputs import one_of, read_english, read_sentence, whole_number
from .notation import notation_accordion
from .player import Player, plot
from .style import LATEX

# value: "<tagger>:<layer>:<direction>" for an LSTM tagger, "gru:<translator>:<direction>"
LSTM_CHOICES = [("LSTM · slide tagger — 1 layer, left to right", "slide:0:0"),
                ("LSTM · best tagger — layer 1, left to right", "best:0:0"),
                ("LSTM · best tagger — layer 1, right to left", "best:0:1"),
                ("LSTM · best tagger — layer 2, left to right", "best:1:0"),
                ("LSTM · best tagger — layer 2, right to left", "best:1:1")]
GRU_CHOICES = [("GRU · translator's encoder — left to right", "gru:attention:0"),
               ("GRU · translator's encoder — right to left", "gru:attention:1")]
CHOICES = LSTM_CHOICES + GRU_CHOICES
# the token slider moves the diagram (and its equations) to that token in the browser: no
# request; window.RnnPlayer is the player's script (static/player.js)
SEEK_JS = """(token) => {
  const player = [...(window.RnnPlayer?.players ?? [])]
    .find((p) => p.root.isConnected && p.root.closest("#gates-cell"));
  if (player) player.step(Math.round(token) - 1 - player.index);
  return [];
}"""
CELL_PLAYER = Player("gates-cell", caption="One unit of the cell, token by token, with its "
                     "equations and numbers: ← → step, space plays")

INTRO = r"""
## Gates: LSTM and GRU
An **LSTM** cell decides, at every token, what to **forget** from its cell state $c_t$, what to
**write** (input gate × candidate) and what to **show** as $h_t$ (output gate). A **GRU** has no
separate cell: its **update gate** $z_t$ mixes the old state with a candidate,
$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$, and its **reset gate** $r_t$ decides how much of
the old state the candidate reads. Pick an LSTM (the POS taggers) or the GRU (the encoder of the
English→French translator with attention, both its directions); every number below comes from
that model's own step loop on your sentence. Pick a token and a hidden unit; the cell diagram
plays the unit across the sentence, its equations with the numbers beside it.
"""


def check_selection(token, unit, trace) -> tuple[int, int]:
    if trace is None:
        raise InputError("Show the gates of a sentence first.")
    T, H = trace.hidden.shape
    return (whole_number("Token", token, 1, T) - 1, whole_number("Unit", unit, 0, H - 1))


def cell_figure(trace, unit: int) -> dict:
    return (lstm_cell_figure if trace.kind == "lstm" else gru_cell_figure)(trace, unit)


def gates_view(text, choice):
    """(status, trace, unit, cell figure): the work behind the handler and the first answer."""
    choice = one_of(choice, CHOICES, "Choose one of the LSTM taggers or the GRU encoder.")
    name, layer, direction = choice.split(":")
    if name == "gru":
        read_english(text)         # empty or too long for the translator: says what to do
        trace = explain_gru_gates(text.strip(), layer, int(direction))
        unknown = [t for t, u in zip(trace.tokens, trace.unknown) if u]
        note = ("not in the translator's vocabulary, read as &lt;unk&gt;: "
                + ", ".join(f"“{literal(t)}”" for t in unknown)) if unknown else ""
        split = [[trace.tokens[i] for i in g] for g in words_of(list(trace.tokens))
                 if len(g) > 1] if trace.tokens[0].startswith(WORD_START) else []
        if split and not note:     # subword pieces: the words the encoder reads in pieces
            note = ("read in pieces: " + ", ".join(
                f"“{literal(piece_text(g))}” as {' '.join(literal(p) for p in g)}"
                for g in split[:6]) + (f" and {len(split) - 6} more" if len(split) > 6 else ""))
        what = "forward" if direction == "0" else "backward"
        model = f"the {trace.model} translator's GRU encoder, {what} direction"
    else:
        tokens, note = read_sentence(text)
        trace = explain_gates(tokens, name, int(layer), int(direction))
        model = f"{trace.model} tagger's LSTM, layer {trace.layer + 1}"
    memory = trace.cell if trace.kind == "lstm" else trace.hidden
    unit = busiest_units(memory, 1)[0]      # its memory moves most: a telling default
    status = (f"{len(trace.tokens)} tokens · {trace.hidden.shape[1]} units · {model} · "
              f"computed on **{trace.device}** in {trace.seconds * 1000:.0f} ms"
              + (f" · ⚠ {note}" if note else ""))
    return status, trace, unit, cell_figure(trace, unit)


@handler
def show_gates(text, choice):
    status, trace, unit, cell = gates_view(text, choice)
    T = len(trace.tokens)
    return (status, CELL_PLAYER.html(cell), equations_latex(trace),
            plot(gate_heatmaps(trace, 0, unit)), plot(gate_summary(trace)),
            # a slider's minimum stays below its maximum: one token gets 1-2, fixed at 1
            gr.update(maximum=max(T, 2), value=1, interactive=T > 1),
            gr.update(maximum=trace.hidden.shape[1] - 1, value=unit), trace)


@handler
def select_token(token, unit, trace):
    t, u = check_selection(token, unit, trace)
    return plot(gate_heatmaps(trace, t, u))


@handler
def select_unit(token, unit, trace):
    t, u = check_selection(token, unit, trace)
    return CELL_PLAYER.html(cell_figure(trace, u)), plot(gate_heatmaps(trace, t, u))


def build_gates_tab() -> None:
    status0, trace0, unit0, cell0 = gates_view(DECK_SENTENCE, CHOICES[0][1])  # at start-up
    gr.Markdown(INTRO, latex_delimiters=LATEX)
    notation_accordion()
    with gr.Row():
        text = gr.Textbox(DECK_SENTENCE, label="Sentence (for the GRU: English, up to 15 words)",
                          scale=3, elem_id="gates-text")
        choice = gr.Dropdown(CHOICES, value=CHOICES[0][1], label="Which cell", scale=2,
                             elem_id="gates-model")
    run = gr.Button("Show the gates", variant="primary", elem_id="gates-run")
    status = gr.Markdown(status0, elem_id="gates-status")
    cell = CELL_PLAYER.component(cell0)
    equations = gr.Markdown(equations_latex(trace0), latex_delimiters=LATEX,
                            elem_id="gates-equations")
    with gr.Row():
        token = gr.Slider(1, len(trace0.tokens), value=1, step=1, elem_id="gates-token",
                          label="token (the diagram's, and the framed column)")
        unit = gr.Slider(0, trace0.hidden.shape[1] - 1, value=unit0, step=1,
                         label="hidden unit (the diagram's, and the dotted row)",
                         elem_id="gates-unit")
    trace = gr.State(trace0)
    heatmaps = gr.Plot(plot(gate_heatmaps(trace0, 0, unit0)), elem_id="gates-heatmaps",
                       show_label=False)
    summary = gr.Plot(plot(gate_summary(trace0)), elem_id="gates-summary", show_label=False)

    # `input`, not `change`: a link sets the model, then the token; a change would redo it
    gr.on([run.click, text.submit, choice.input], show_gates, [text, choice],
          [status, cell, equations, heatmaps, summary, token, unit, trace],
          api_name="gates", trigger_mode="always_last")
    token.change(None, [token], None, js=SEEK_JS, api_visibility="private")
    token.change(select_token, [token, unit, trace], [heatmaps],
                 api_name="gates_token", api_visibility="private", show_progress="hidden",
                 trigger_mode="always_last")
    unit.change(select_unit, [token, unit, trace], [cell, heatmaps],
                api_name="gates_unit", api_visibility="private", show_progress="hidden",
                trigger_mode="always_last").then(None, [token], None, js=SEEK_JS,
                                                 api_visibility="private")
