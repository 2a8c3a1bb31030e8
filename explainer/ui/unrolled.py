"""View: the rolled and the unrolled RNN, animated over the user's sentence in the browser."""
from __future__ import annotations

import gradio as gr

from ..data.examples import DECK_SENTENCE
from ..explain.pos import explain_tagging
from ..figures.unrolled import unrolled_figure
from .errors import handler
from .inputs import one_of, read_sentence
from .player import Player
from .style import LATEX

CHOICES = [("Elman RNN (the elman tagger)", "elman"), ("LSTM (the slide tagger)", "slide")]
PLAYER = Player("unrolled-player", caption="Play: the loop unrolls into one column per token, "
                "then the network reads the sentence. ← → step, space plays/pauses.")

INTRO = r"""
## Rolled ⇄ unrolled
A recurrent network is **one cell applied again and again**: drawn *rolled*, it is a single cell
whose state $h$ loops back into itself through $W_h$; drawn *unrolled* over a sentence, it is a
chain with one copy of the cell per token — the same weights $W_x, W_h, W_y$ in every column.
Press play, then step token by token: the lit column is the step being computed, its $h_t$
is shown as a strip of the trained tagger's real hidden values, and $y_t$ is the tag it predicts.
"""


def unroll(text, model):
    """(status, figure) for a sentence: the work behind the handler and the first answer."""
    one_of(model, CHOICES, "Choose the Elman RNN or the LSTM.")
    tokens, note = read_sentence(text)
    trace = explain_tagging(tokens, model)
    status = (f"{len(tokens)} tokens through the **{model}** tagger, computed on "
              f"**{trace.device}** in {trace.seconds * 1000:.0f} ms; the animation then plays in "
              "your browser with no further request" + (f" · ⚠ {note}" if note else ""))
    return status, unrolled_figure(trace)


@handler
def unroll_sentence(text, model):
    status, figure = unroll(text, model)
    return status, PLAYER.html(figure)


def build_unrolled_tab() -> None:
    first_status, first_figure = unroll(DECK_SENTENCE, "elman")   # once, at start-up
    gr.Markdown(INTRO, latex_delimiters=LATEX)
    with gr.Row():
        text = gr.Textbox(DECK_SENTENCE, label="Sentence", scale=3, elem_id="unrolled-text")
        model = gr.Radio(CHOICES, value="elman", label="Cell", scale=2, elem_id="unrolled-model")
    run = gr.Button("Unroll over this sentence", variant="primary", elem_id="unrolled-run")
    status = gr.Markdown(first_status, elem_id="unrolled-status")
    player = PLAYER.component(first_figure)
    gr.on([run.click, text.submit, model.change], unroll_sentence, [text, model],
          [status, player], api_name="unrolled", trigger_mode="always_last")
