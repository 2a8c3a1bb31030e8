"""View: encoder/decoder translation EN→FR, with and without Bahdanau attention: text split
into sentences, attention on words, the beam tree, and two what-ifs on the decoder's step loop."""
from __future__ import annotations

import gradio as gr

from ..data.pairs import MAX_SOURCE_WORDS
from ..explain.translation import (explain_text_translation, explain_translation,
                                   explain_what_if, load_translator, on_words, tree_on_words)
from ..explain.translation_words import word_groups
from ..figures.beam_tree import beam_tree_figure
from ..figures.translation import attention_heatmap, decoding_figure
from ..models.decoding import MAX_BEAM_SIZE, MAX_EXPLAINED_STEPS
from ..models.what_if import MAX_PREFIX_TOKENS
from .errors import InputError, handler
from .inputs import MAX_SENTENCES, flag, read_english_text, short_text, whole_number
from .player import STATIC_URL, Player, plot
from .style import LATEX
from .translation_text import intro, notes_html, summary, what_if_html

EXAMPLES = ["I love purple cats. Cats are neat.", "I like black cats.", "She has a red car.",
            "The little girl is reading a book in the garden.",
            "Mr. Brown paid 3.5 euros. We will go to the beach tomorrow."]
PLAYER = Player("translation-player", caption="Each decoder step: the attention row it wrote "
                "(framed) and its five most probable words. ← → step, space plays.")
MAX_PREFIX_CHARS = 120
# The panel beside the beam tree: static/beam_tree.js fills it from the tree figure when a node is
# clicked (gr.Plot has no click event in Gradio 6: it listens to plotly.js's plotly_click).
TREE_PANEL_HEAD = f'<script src="{STATIC_URL}/beam_tree.js"></script>'
TREE_PANEL_JS = "window.RnnBeamTree.watch(element, 'translation-tree');"
TREE_PANEL_CSS = """
.beam-row { color: var(--body-text-color); padding: 4px 0; }
.beam-row p { margin: 4px 0; }
.beam-row-what { opacity: 0.8; }
.beam-row-table { border-collapse: collapse; margin-top: 4px; }
.beam-row-table th, .beam-row-table td { padding: 3px 10px; text-align: left;
  border: 1px solid var(--border-color-primary, #cbd5e1); font-variant-numeric: tabular-nums; }
.beam-row-table th { font-weight: 600; }
.beam-row-table td { text-align: right; min-width: 4em; }
.beam-row-table td.beam-row-strong { color: #111; }
.beam-row-hint { opacity: 0.8; }
"""
TREE_PANEL_HINT = ("<p class='beam-row-hint'>Click a node of the tree: its prefix, log p and "
                   "attention row show here.</p>")


def _tokens_of(text: str) -> list[str]:
    return load_translator("attention").vocab.source_tokens(text)


def _sentences(text) -> list[str]:
    return read_english_text(text, _tokens_of)     # empty or too long: a message says what to do


def _beam(beam) -> int:
    return whole_number("Beam width", beam, 0, MAX_BEAM_SIZE)    # 0 and 1: greedy


def _on(trace, pieces: bool):
    return trace if pieces else on_words(trace)


def _tree(tree, pieces: bool):
    return plot(beam_tree_figure(tree if pieces else tree_on_words(tree)))


@handler
def translate(text, beam, sentence=1, pieces=False):
    sentences, beam = _sentences(text), _beam(beam)
    shown = whole_number("Sentence", sentence, 1, MAX_SENTENCES)
    result = explain_text_translation(" ".join(sentences), beam, shown - 1)
    pieces = flag("Pieces", pieces)
    steps = _on(result.steps, pieces)
    return (summary(result) + notes_html(result), plot(attention_heatmap(steps)),
            PLAYER.html(decoding_figure(steps)), _tree(result.tree, pieces))


def _shown_sentence(text, sentence) -> str:
    sentences = _sentences(text)
    return sentences[min(whole_number("Sentence", sentence, 1, MAX_SENTENCES),
                         len(sentences)) - 1]


@handler
def force_attention(text, beam, sentence, step, word, pieces=False):
    """Re-decode the shown sentence with all of step `step`'s attention on English word `word`."""
    chosen, beam = _shown_sentence(text, sentence), _beam(beam)
    original = explain_translation(chosen, "attention", beam)
    words = word_groups(load_translator("attention"), list(original.source))
    step = whole_number("Step", step, 1, MAX_EXPLAINED_STEPS)
    word = whole_number("English word", word, 1, 25)
    if step > len(original.target):
        raise InputError(f"This translation has {len(original.target)} steps: choose a step "
                         f"from 1 to {len(original.target)}.")
    if word > len(words):
        raise InputError(f"This sentence has {len(words)} words: choose a word from 1 to "
                         f"{len(words)}.")
    forced = explain_what_if(chosen, list(original.target), step - 1, word - 1)
    shown = _on(forced, flag("Pieces", pieces))
    return what_if_html(original, forced, step, word, words), plot(attention_heatmap(shown))


@handler
def force_prefix(text, sentence, prefix, pieces=False):
    """The shown sentence decoded from a French start typed by the user."""
    chosen = _shown_sentence(text, sentence)
    prefix = short_text(prefix, MAX_PREFIX_CHARS, f"Type at most {MAX_PREFIX_CHARS} characters "
                        "of French.").strip()
    vocab = load_translator("attention").vocab
    if not vocab.target_tokens(prefix):
        raise InputError("Type the start of a French translation, e.g. J'aime les chats.")
    if len(vocab.target_tokens(prefix)) > MAX_PREFIX_TOKENS:
        raise InputError(f"The model reads this start as {len(vocab.target_tokens(prefix))} "
                         f"tokens; type at most {MAX_PREFIX_TOKENS}.")
    original = explain_translation(chosen, "attention", 0)
    forced = explain_what_if(chosen, [], prefix=prefix)
    shown = _on(forced, flag("Pieces", pieces))
    return (what_if_html(original, forced, prefix=prefix, vocab=vocab),
            plot(attention_heatmap(shown)))


def build_translation_tab() -> None:
    first = explain_text_translation(EXAMPLES[0], 0, 0)    # at start-up: the first answer
    unit = first.vocabulary["unit"]
    gr.Markdown(intro(first.vocabulary), latex_delimiters=LATEX)
    with gr.Row():
        text = gr.Textbox(EXAMPLES[0], label=f"English: up to {MAX_SENTENCES} sentences of up to "
                          f"{MAX_SOURCE_WORDS} words", scale=3, elem_id="translation-text")
        with gr.Column(scale=2):
            beam = gr.Slider(1, MAX_BEAM_SIZE, value=1, step=1, elem_id="translation-beam",
                             label="Beam width (1 = greedy: the most probable word each step)")
            sentence = gr.Slider(1, MAX_SENTENCES, value=1, step=1, elem_id="translation-sentence",
                                 label="Sentence drawn below (the last if the text has fewer)")
    pieces = gr.Checkbox(False, label="Show subword pieces instead of whole words",
                         visible=unit == "piece", elem_id="translation-pieces")
    gr.Examples([[e] for e in EXAMPLES], inputs=[text], label="Examples (a click fills the box)",
                api_name="translate_example")
    run = gr.Button("Translate", variant="primary", elem_id="translation-run")
    result = gr.HTML(summary(first) + notes_html(first), elem_id="translation-result")
    steps = on_words(first.steps)
    heatmap = gr.Plot(plot(attention_heatmap(steps)), elem_id="translation-heatmap",
                      show_label=False)
    player = PLAYER.component(decoding_figure(steps))
    words = ("" if unit == "word" else " On whole English words unless the box above is "
             "ticked: a word's attention is the sum over its pieces.")
    gr.Markdown("### The beam, hypothesis by hypothesis\nEvery partial translation the search "
                "kept at each step, with log p(prefix | English). Click a node: beside the tree "
                "(under it on a phone), its prefix, log p and the attention row the decoder "
                "computed at the step that chose its last token (the ringed node; before a click, "
                f"the chosen translation's end). Width 1 is greedy: a single path.{words}")
    with gr.Row():        # the panel beside the tree; under it on a phone (the row wraps)
        tree = gr.Plot(_tree(first.tree, False), elem_id="translation-tree", show_label=False,
                       scale=4, min_width=340)
        gr.HTML(TREE_PANEL_HINT, elem_id="translation-tree-row", head=TREE_PANEL_HEAD,
                js_on_load=TREE_PANEL_JS, css_template=TREE_PANEL_CSS,
                apply_default_css=False, min_width=240, scale=1)
    gr.on([run.click, text.submit, beam.release, sentence.release, pieces.input], translate,
          [text, beam, sentence, pieces], [result, heatmap, player, tree], api_name="translate",
          trigger_mode="always_last")

    gr.Markdown("### What if…\n**Force attention**: replay the translation up to a step, put "
                "all of that step's attention on one English word (so its context is exactly "
                "that word's encoder state), and let the decoder go on greedily. **Forced "
                "start**: type the beginning of the French; the decoder continues from it. "
                "Both work on the sentence drawn above; its steps and words are numbered under "
                "the translations.")
    with gr.Row():
        step = gr.Slider(1, MAX_EXPLAINED_STEPS, value=5, step=1, label="Step (French word)",
                         elem_id="translation-force-step")
        word = gr.Slider(1, 25, value=3, step=1, label="English word to attend to",
                         elem_id="translation-force-word")
        force = gr.Button("Force attention", elem_id="translation-force")
    with gr.Row():
        prefix = gr.Textbox("J'aime les chats", label="Start of the French", scale=3,
                            elem_id="translation-prefix")
        go = gr.Button("Continue from it", elem_id="translation-continue", scale=1)
    what_if = gr.HTML(elem_id="translation-what-if")
    what_if_map = gr.Plot(elem_id="translation-what-if-heatmap", show_label=False)
    force.click(force_attention, [text, beam, sentence, step, word, pieces],
                [what_if, what_if_map], api_name="translate_force_attention",
                trigger_mode="always_last")
    gr.on([go.click, prefix.submit], force_prefix, [text, sentence, prefix, pieces],
          [what_if, what_if_map], api_name="translate_prefix", trigger_mode="always_last")
