"""View: part-of-speech tagging — the deck's running example on real trained taggers."""
from __future__ import annotations

import gradio as gr

from ..data.examples import POS_EXAMPLES
from ..data.tokenizer import tokenize
from ..explain.pos import SHIPPED_TAGGERS, explain_tagging, load_tagger, warm_up
from ..figures.pos import busiest_units, hidden_heatmap, token_labels, trajectory, unit_lines
from ..figures.pos_html import legend, seven_steps, tagged_sentence
from .errors import InputError, handler
from .player import plot

MAX_TOKENS = 64
MAX_CHARS = 2000
MODEL_CHOICES = [("slide — the deck's POS_LSTM (LSTM, left to right)", "slide"),
                 ("elman — the same with an Elman RNN", "elman"),
                 ("best — character features + 2-layer BiLSTM", "best")]

INTRO = """
## Part-of-speech tagging
The deck's running example: **Embedding → LSTM → Linear**, trained with cross-entropy to give
every word its part of speech (the 17 Universal POS tags). The taggers here were trained on the
UD English Web Treebank (see their model cards in `assets/`). Type any sentence; hover a word for
the tagger's top three guesses. A **?** marks a word the tagger never saw in training.
"""


def read_sentence(text: str | None) -> tuple[list[str], str]:
    """The user's text as tokens, and a note on anything that was cut."""
    text = (text or "").strip()
    if not text:
        raise InputError("Type a sentence to tag, e.g. “I love purple cats. Cats are neat.”")
    notes = []
    if len(text) > MAX_CHARS:
        text, notes = text[:MAX_CHARS], [f"Only the first {MAX_CHARS} characters were read."]
    tokens = tokenize(text)
    if not tokens:
        raise InputError("No words found in that text: type a sentence.")
    if len(tokens) > MAX_TOKENS:
        notes.append(f"The sentence has {len(tokens)} tokens; only the first {MAX_TOKENS} are "
                     "tagged.")
        tokens = tokens[:MAX_TOKENS]
    return tokens, " ".join(notes)


def figures_for(trace, selected: int):
    units = busiest_units(trace)
    return (seven_steps(trace, selected), plot(hidden_heatmap(trace, selected)),
            plot(unit_lines(trace, units, selected)), plot(trajectory(trace, selected)))


def token_choices(trace) -> list[tuple[str, int]]:
    return list(zip(token_labels(trace), range(len(trace.tokens))))


@handler
def tag_sentence(text, model_name):
    if model_name not in SHIPPED_TAGGERS:
        raise InputError(f"Choose one of the taggers: {', '.join(SHIPPED_TAGGERS)}.")
    tokens, note = read_sentence(text)
    trace = explain_tagging(tokens, load_tagger(model_name))
    lstm, elman = (trace if trace.model == name else explain_tagging(tokens, load_tagger(name))
                   for name in ("slide", "elman"))
    status = (f"**{trace.model}** tagger · {len(tokens)} tokens, "
              f"{int(trace.unknown.sum())} unknown to the tagger · "
              f"computed on **{trace.device}** in {trace.seconds * 1000:.0f} ms"
              + (f" · ⚠ {note}" if note else ""))
    return (status, tagged_sentence(trace) + legend(trace.tag_names),
            *figures_for(trace, 0),
            plot(hidden_heatmap(lstm, 0, "LSTM (slide tagger)")),
            plot(hidden_heatmap(elman, 0, "Elman RNN (elman tagger)")),
            gr.update(choices=token_choices(trace), value=0), trace)


@handler
def select_token(index, trace):
    if trace is None:
        raise InputError("Tag a sentence first.")
    if index is None or not 0 <= int(index) < len(trace.tokens):
        raise InputError("Pick one of the sentence's words.")
    return figures_for(trace, int(index))


def build_pos_tab() -> None:
    from .pos_class import build_class_section  # it reuses read_sentence from this module
    # Loading the taggers and answering the first sentence happen at start-up, so the first
    # student to open the tab waits for nothing.
    warm_up()
    (first_status, first_tagged, first_steps, first_heatmap, first_lines, first_path,
     first_lstm, first_elman, _, first_trace) = tag_sentence(POS_EXAMPLES[0], "slide")
    gr.Markdown(INTRO)
    with gr.Row():
        text = gr.Textbox(POS_EXAMPLES[0], label=f"Sentence (up to {MAX_TOKENS} tokens)",
                          lines=2, max_lines=6, scale=3, elem_id="pos-text")
        model = gr.Radio(MODEL_CHOICES, value="slide", label="Tagger", scale=2,
                         elem_id="pos-model")
    gr.Examples([[e] for e in POS_EXAMPLES], inputs=[text], label="Examples")
    run = gr.Button("Tag the sentence", variant="primary", elem_id="pos-run")
    status = gr.Markdown(first_status, elem_id="pos-status")
    tagged = gr.HTML(first_tagged, elem_id="pos-tagged")
    token = gr.Radio(token_choices(first_trace), value=0, elem_id="pos-token",
                     label="Follow one word through the steps and figures")
    trace = gr.State(first_trace)
    with gr.Accordion("The seven steps from a sentence to tags", open=True):
        steps = gr.HTML(first_steps, elem_id="pos-steps")
    gr.Markdown("### The hidden state, token by token")
    heatmap = gr.Plot(first_heatmap, elem_id="pos-heatmap", show_label=False)
    with gr.Row():
        lines = gr.Plot(first_lines, elem_id="pos-lines", show_label=False)
        path = gr.Plot(first_path, elem_id="pos-trajectory", show_label=False)
    gr.Markdown("### Elman RNN vs LSTM on the same sentence\nThe Elman network's state is "
                "rewritten completely at every step; the LSTM's gates decide what to keep.")
    with gr.Row():
        compare_lstm = gr.Plot(first_lstm, elem_id="pos-compare-lstm", show_label=False)
        compare_elman = gr.Plot(first_elman, elem_id="pos-compare-elman", show_label=False)

    figures = [steps, heatmap, lines, path]
    gr.on([run.click, text.submit, model.change], tag_sentence, [text, model],
          [status, tagged, *figures, compare_lstm, compare_elman, token, trace],
          api_name="pos_tag", trigger_mode="always_last")
    token.select(select_token, [token, trace], figures, api_visibility="private",
                 show_progress="hidden", trigger_mode="always_last")

    build_class_section()
