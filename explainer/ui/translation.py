"""View: encoder/decoder translation EN→FR, with and without Bahdanau attention."""
from __future__ import annotations

from html import escape

import gradio as gr

from ..data.pairs import MAX_SOURCE_WORDS
from ..explain.translation import SHIPPED_TRANSLATORS, explain_translation
from ..figures.translation import attention_heatmap, decoding_figure
from .errors import handler
from .inputs import one_of, read_english
from .player import Player, plot
from .style import LATEX

EXAMPLES = ["I love purple cats. Cats are neat.", "I like black cats.", "She has a red car.",
            "The little girl is reading a book in the garden.", "We will go to the beach tomorrow."]
DECODING = [("greedy (one best word per step)", 0), ("beam search, 5 hypotheses", 5)]
PLAYER = Player("translation-player", caption="Each decoder step: the attention row it wrote "
                "(framed) and its five most probable words. ← → step, space plays.")

INTRO = rf"""
## Translation with an encoder/decoder, and attention
The deck's example: an **encoder** RNN reads the English sentence, a **decoder** RNN writes the
French one word at a time. Without attention the decoder sees only the encoder's last state — the
whole sentence squeezed into one vector. With **attention** (Bahdanau et al., 2015) each output
step looks back at every English word: $a_{{tj}} = \mathrm{{softmax}}_j\, v^\top \tanh(W s_{{t-1}} + U h_j)$,
context $c_t = \sum_j a_{{tj}} h_j$. Both models were trained on the Tatoeba English–French pairs
(cards in `assets/`); sentences up to **{MAX_SOURCE_WORDS} words**.
"""


def _translations(text, beam: int):
    read_english(text)                   # empty or too long: the message says what to do
    return [explain_translation(text, name, beam)
            for name in SHIPPED_TRANSLATORS]


def summary(attention, plain) -> str:
    unknown = [w for w, u in zip(attention.source, attention.unknown_source) if u]
    rows = [f"<p class='translation'><b>with attention</b>: {escape(attention.text)}</p>",
            f"<p class='translation'><b>plain (fixed context)</b>: {escape(plain.text)}</p>"]
    if unknown:
        rows.append("<p>⚠ Never seen in training, so the models read it as <code>&lt;unk&gt;"
                    f"</code>: <b>{escape(', '.join(unknown))}</b>. Whatever they write for it "
                    "is a guess from the context.</p>")
    rows.append(f"<p class='dim'>{escape(attention.decoding)} · computed on {attention.device} in "
                f"{(attention.seconds + plain.seconds) * 1000:.0f} ms</p>")
    return "".join(rows)


@handler
def translate(text, beam):
    one_of(beam, DECODING, "Choose greedy decoding or beam search.")
    attention, plain = _translations(text, int(beam))
    return (summary(attention, plain), plot(attention_heatmap(attention)),
            PLAYER.html(decoding_figure(attention)))


def build_translation_tab() -> None:
    attention0, plain0 = _translations(EXAMPLES[0], 0)      # at start-up: the first answer
    gr.Markdown(INTRO, latex_delimiters=LATEX)
    with gr.Row():
        text = gr.Textbox(EXAMPLES[0], label=f"English (up to {MAX_SOURCE_WORDS} words)",
                          scale=3, elem_id="translation-text")
        beam = gr.Radio(DECODING, value=0, label="Decoding", scale=2, elem_id="translation-beam")
    gr.Examples([[e] for e in EXAMPLES], inputs=[text], label="Examples",
                api_name="translate_example")
    run = gr.Button("Translate", variant="primary", elem_id="translation-run")
    result = gr.HTML(summary(attention0, plain0), elem_id="translation-result")
    heatmap = gr.Plot(plot(attention_heatmap(attention0)), elem_id="translation-heatmap",
                      show_label=False)
    player = PLAYER.component(decoding_figure(attention0))
    gr.on([run.click, text.submit, beam.change], translate, [text, beam],
          [result, heatmap, player], api_name="translate", trigger_mode="always_last")
