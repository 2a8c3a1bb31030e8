"""View: part-of-speech tagging — the deck's running example on real trained taggers."""
from __future__ import annotations

from dataclasses import dataclass, fields

import gradio as gr
from gradio.components.plot import PlotData

from ..data.examples import POS_EXAMPLES
from ..explain.pos import SHIPPED_TAGGERS, explain_tagging, shipped_min_word_count, warm_up
from ..figures.labels import busiest_units, token_labels
from ..figures.pos import hidden_heatmap, trajectory, unit_lines
from ..figures.pos_html import legend, seven_steps, tagged_sentence
from ..traces.tagging import TaggingTrace
from .errors import InputError, handler
from .inputs import MAX_TOKENS, one_of, read_sentence
from .player import plot
from .pos_class import build_class_section

MODEL_CHOICES = [("slide — the deck's POS_LSTM, plus spelling features (LSTM, left to right)",
                  "slide"),
                 ("elman — the same with an Elman RNN", "elman"),
                 ("best — character features + 2-layer BiLSTM (reads both ways)", "best")]

INTRO = """
## Part-of-speech tagging
The deck's running example is `POS_LSTM`: **Embedding → LSTM → Linear**, trained with cross-entropy
to give every word its part of speech (the 17 Universal POS tags). The `slide` tagger follows it
with two differences: it was trained with dropout (0.3, and a word replaced by `<unk>` with
probability 0.25 / (0.25 + its count), so rare words most often), and its embedding is three
tables side by side, **Embedding(word ⊕ spelling shape ⊕ last three letters) → LSTM → Linear**, so an unknown word still arrives with its spelling.
`elman` is the same with an Elman RNN; `best` adds character features and reads the sentence both
ways. All three were trained on the UD English Web Treebank (model cards at the foot of this view).
Type any sentence; hover a word for the tagger's top three guesses. A **?** marks a word {unknown}.
"""

ELMAN_VS_LSTM = """### Elman RNN vs LSTM on the same sentence
Both plots show h_t, the state each network hands to the next step. The Elman network has only that
state: h_t = tanh(x_t W_xᵀ + h_{t−1} W_hᵀ + b) mixes the previous state with the new word at every
step, through the same weights and the same squashing: no path passes a value on unchanged (to
hold one, a unit must saturate, where its gradient is near zero). The LSTM keeps its memory in a second state, the cell c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t: where the
forget gate f_t is near 1 and the input gate i_t near 0, c_t carries its value on unchanged. Its
h_t = o_t ⊙ tanh(c_t), drawn here, is read from that cell (the **LSTM gates** tab shows c_t and the
gates).
"""


def unknown_words() -> str:
    """What the ? means for the shipped taggers, from how their vocabularies were built."""
    counts = {name: shipped_min_word_count(name) for name in SHIPPED_TAGGERS}
    if len(set(counts.values())) == 1:
        return (f"not in the tagger's vocabulary (seen fewer than {counts['slide']} times in "
                "training)")
    return "not in the tagger's vocabulary (" + "; ".join(
        f"{name}: seen fewer than {n} times in training" for name, n in counts.items()) + ")"


def figures_for(trace, selected: int) -> dict:
    """The outputs that follow the selected word, keyed like TaggedView's fields (SELECTED)."""
    return dict(steps=seven_steps(trace, selected), heatmap=plot(hidden_heatmap(trace, selected)),
                lines=plot(unit_lines(trace, busiest_units(trace.hidden), selected)),
                path=plot(trajectory(trace, selected)))


def token_choices(trace) -> list[tuple[str, int]]:
    return list(zip(token_labels(trace.tokens), range(len(trace.tokens))))


@dataclass(frozen=True)
class TaggedView:
    """What tagging a sentence shows: one field per output component, named like it."""
    status: str
    tagged: str                 # the sentence as tag chips, and the legend
    steps: str                  # the seven steps from text to tags, for the selected word
    heatmap: PlotData           # hidden state per token
    lines: PlotData             # the busiest units across the sentence
    path: PlotData              # the hidden state's trajectory
    compare_lstm: PlotData      # the slide (LSTM) tagger's hidden state ...
    compare_elman: PlotData     # ... next to the Elman tagger's
    token: dict                 # gr.update of the word picker: the sentence's words
    trace: TaggingTrace         # kept in gr.State for a click on a word

    def outputs(self) -> tuple:
        """The values in OUTPUTS order, as the event returns them."""
        return tuple(getattr(self, name) for name in OUTPUTS)


OUTPUTS = tuple(field.name for field in fields(TaggedView))
SELECTED = ("steps", "heatmap", "lines", "path")     # what a click on a word redraws


def tag_view(text, model_name) -> TaggedView:
    one_of(model_name, SHIPPED_TAGGERS,
           f"Choose one of the taggers: {', '.join(SHIPPED_TAGGERS)}.")
    tokens, note = read_sentence(text)
    trace = explain_tagging(tokens, model_name)
    lstm, elman = (trace if trace.model == name else explain_tagging(tokens, name)
                   for name in ("slide", "elman"))
    status = (f"**{trace.model}** tagger · {len(tokens)} tokens, "
              f"{int(trace.unknown.sum())} of them {trace.unknown_means} · "
              f"computed on **{trace.device}** in {trace.seconds * 1000:.0f} ms"
              + (f" · ⚠ {note}" if note else ""))
    return TaggedView(status=status, tagged=tagged_sentence(trace) + legend(trace.tag_names),
                      **figures_for(trace, 0),
                      compare_lstm=plot(hidden_heatmap(lstm, 0, "LSTM (slide tagger)")),
                      compare_elman=plot(hidden_heatmap(elman, 0, "Elman RNN (elman tagger)")),
                      token=gr.update(choices=token_choices(trace), value=0), trace=trace)


@handler
def tag_sentence(text, model_name):
    return tag_view(text, model_name).outputs()


@handler
def select_token(index, trace):
    if trace is None:
        raise InputError("Tag a sentence first.")
    if index is None or not 0 <= int(index) < len(trace.tokens):
        raise InputError("Pick one of the sentence's words.")
    figures = figures_for(trace, int(index))
    return tuple(figures[name] for name in SELECTED)


def build_pos_tab() -> None:
    # Loading the taggers and answering the first sentence happen at start-up, so the first
    # student to open the tab waits for nothing.
    warm_up()
    first = tag_view(POS_EXAMPLES[0], "slide")
    gr.Markdown(INTRO.format(unknown=unknown_words()))
    with gr.Row():
        text = gr.Textbox(POS_EXAMPLES[0], label=f"Sentence (up to {MAX_TOKENS} tokens)",
                          lines=2, max_lines=6, scale=3, elem_id="pos-text")
        model = gr.Radio(MODEL_CHOICES, value="slide", label="Tagger", scale=2,
                         elem_id="pos-model")
    gr.Examples([[e] for e in POS_EXAMPLES], inputs=[text], label="Examples (a click fills the box)",
                api_name="pos_example")
    run = gr.Button("Tag the sentence", variant="primary", elem_id="pos-run")
    status = gr.Markdown(first.status, elem_id="pos-status")
    tagged = gr.HTML(first.tagged, elem_id="pos-tagged")
    token = gr.Radio(token_choices(first.trace), value=0, elem_id="pos-token",
                     label="Follow one word through the steps and figures")
    trace = gr.State(first.trace)
    with gr.Accordion("The seven steps from a sentence to tags", open=True):
        steps = gr.HTML(first.steps, elem_id="pos-steps")
    gr.Markdown("### The hidden state, token by token")
    heatmap = gr.Plot(first.heatmap, elem_id="pos-heatmap", show_label=False)
    with gr.Row():
        lines = gr.Plot(first.lines, elem_id="pos-lines", show_label=False)
        path = gr.Plot(first.path, elem_id="pos-trajectory", show_label=False)
    gr.Markdown(ELMAN_VS_LSTM)
    with gr.Row():
        compare_lstm = gr.Plot(first.compare_lstm, elem_id="pos-compare-lstm", show_label=False)
        compare_elman = gr.Plot(first.compare_elman, elem_id="pos-compare-elman",
                                show_label=False)

    components = dict(status=status, tagged=tagged, steps=steps, heatmap=heatmap, lines=lines,
                      path=path, compare_lstm=compare_lstm, compare_elman=compare_elman,
                      token=token, trace=trace)
    # `input`, not `change`: a link sets the model, then the token; a change would redo it
    gr.on([run.click, text.submit, model.input], tag_sentence, [text, model],
          [components[name] for name in OUTPUTS], api_name="pos_tag", trigger_mode="always_last")
    token.select(select_token, [token, trace], [components[name] for name in SELECTED],
                 api_name="pos_select_token", api_visibility="private", show_progress="hidden",
                 trigger_mode="always_last")

    build_class_section()
