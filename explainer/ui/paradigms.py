"""View: the input/output paradigms — five diagrams, four of them with a real model to run."""
from __future__ import annotations

import re

import gradio as gr

from ..data.examples import DECK_SENTENCE
from ..explain.paradigms import (explain_encoder_decoder, explain_generation, explain_language,
                                 explain_nouns, load_charlm, load_isnoun, load_langid, warm_up)
from ..explain.pos import explain_tagging
from ..figures.paradigm_runs import (candidates_figure, diagram_labels, generation_html,
                                     language_figure, noun_figure, noun_table_html)
from ..figures.paradigms import paradigm_figure
from ..figures.pos_html import legend, tagged_sentence
from ..models.charlm import MAX_GENERATED, TEMPERATURES
from ..models.isnoun import MAX_WORD_CHARS
from ..models.langid import MAX_CHARS as LANGID_CHARS
from .errors import InputError, handler
from .inputs import (MAX_CHARS, read_english, read_seed, read_sentence, real_number,
                     short_text, whole_number)
from .player import plot

MAX_WORDS = 12
NOUN_EXAMPLES = "station happiness quickly Paris book flies walked"
TRANSLATE_EXAMPLE = "I am cold."
LANGID_EXAMPLES = ["The cat is sleeping on the chair.", "Le chat dort sur la chaise.",
                   "I would like a croissant, please.", "Je voudrais un croissant, s'il vous plaît.",
                   "Table", "Pardon"]

INTRO = """
## Input/output paradigms
The deck's five paradigms, told apart by **where the inputs go in and where the outputs come
out**. One-to-one needs no recurrence at all (the deck: "RNN unneeded"); the other four are
recurrent. Each tab shows the network rolled up (one cell and its loop) and unrolled over time,
and runs a small model trained for this app on real data. Grey circles are inputs *x*, blue
squares hidden states *h*, dark-blue circles outputs *y*.
"""

ONE_TO_ONE = """
**No sequence at all** — the conventional feed-forward network, which needs no recurrence (the
deck's example: a bag of words, one fixed-size vector in, one answer out).
The model (`isnoun`, a 2-layer perceptron with {hidden} hidden units) sees one word alone, as a
fixed-size vector of spelling features (last letters, first letters, capitals, length), and answers
*is it a noun?* It was trained on the word forms of the UD English Web Treebank. With no context it
must give "book" the same answer in *book a flight* and in *a good book* — that is what the other
paradigms add.
"""

ONE_TO_MANY = f"""
**One input, a sequence out.** The deck's example is image captioning: one image in, a sentence
out. This app has no image model (it would need a trained image encoder and captioned photos), so
it shows the same wiring on text: a character-level LSTM (`charlm`, {{hidden}} units) trained on
tiny Shakespeare gets **one seed character**; every character it then samples is fed back as its
next input. The temperature divides the scores before the softmax: low = safe and repetitive,
high = adventurous. Up to {MAX_GENERATED} characters; the same sampling seed gives the same text.

The deck asks: "When might you want different outputs on the same input?" Here is one answer:
when there is no single right output, as in writing text, you want to draw a different one each
time. The same seed character "{{seed}}", temperature {{temperature:g}}, three sampling seeds, computed
when this page was built:
{{samples}}

(With the sampling seed fixed, the same seed character gives the same text: the randomness is
the sampler's, not the network's. A recurrent network is deterministic given the whole input
sequence and its starting state h₀; the same *token* can still give different outputs at
different steps, because the state it carries from the step before differs: the Feed-forward
vs recurrent tab shows that.)
"""

MANY_TO_ONE = """
**A sequence in, one answer out.** A character GRU (`langid`, {hidden} units) trained on Tatoeba
sentences reads your text one character at a time; its **one** answer, English or French, is read
off the state after the last character. The curve applies the same output layer to every earlier
state: what it *would* answer if the sentence stopped there — watch the evidence pile up.
"""

MANY_TO_MANY = """
**One output per input, in step.** The deck's example is per-frame classification (a label for
every frame of a video); here, a tag for every word. The POS tagger `slide` gives every word a tag as it reads it:
the deck's POS_LSTM (Embedding → LSTM → Linear) with spelling features added to the embedding,
Embedding(word ⊕ shape ⊕ suffix) → LSTM → Linear. The **POS tagging** tab takes this model apart.
"""

ENCODER_DECODER = """
**Read everything, then write.** The deck's translation slide asks how to feed *I love purple cats.*
to a network: **word by word**, **sentence by sentence**, or as a **bag of words**?
- *Word by word* is one-to-one: each word translated alone. The words come out in English order
  (*violet chats*, where French says *chats violets*), and no word can depend on its neighbours:
  nothing turns *I love* into *J'adore* or adds the *les* that French needs.
- A *bag of words* keeps which words occur and drops their order: *cats love I purple* is the same
  bag as *I love purple cats*.
- *Sentence by sentence* is this paradigm, the encoder/decoder: an encoder reads the whole input;
  its final states (both directions), through one layer, give the decoder its first
  state; the decoder writes an output whose length it chooses, feeding each word it writes back
  in, until it writes the end mark `</s>`.

Below, the **Translation** tab's trained English → French translator (a GRU encoder/decoder
trained on Tatoeba; its decoder also reads every encoder state through attention, which that tab
explains) translates your sentence, writing one token at a time and each time the likeliest
(greedy decoding).
"""


def generation_samples(seed: str = "R", length: int = 40, temperature: float = 0.8,
                       sample_seeds: tuple[int, ...] = (0, 1, 2)) -> str:
    """The deck's question answered by the model: one input, different outputs (Markdown)."""
    lines = []
    for sample_seed in sample_seeds:
        text = explain_generation(seed, length, temperature, sample_seed).text
        lines.append(f"- sampling seed {sample_seed}: `{seed}{text}`".replace("\n", "⏎"))
    return "\n".join(lines)


def open_tab_js(view_id: str) -> str:
    """Click another view's tab (`tab-<id>-button`, as the app names them): in the browser,
    no request."""
    return f"() => document.querySelector('#tab-{view_id}-button')?.click()"


# ---- handlers ------------------------------------------------------------------------------------

@handler
def classify_words(text):
    text = short_text(text, MAX_WORDS * (MAX_WORD_CHARS + 2),
                      f"Up to {MAX_WORDS} words at a time, please, each a single word.")
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    if not words:
        raise InputError("Type a few words separated by spaces, e.g. “station quickly book”.")
    if len(words) > MAX_WORDS:
        raise InputError(f"Up to {MAX_WORDS} words at a time, please; you typed {len(words)}.")
    long = [w for w in words if len(w) > MAX_WORD_CHARS]
    if long:
        raise InputError(f"“{long[0][:20]}…” is longer than {MAX_WORD_CHARS} characters: "
                         "type single words.")
    trace = explain_nouns(words)
    status = (f"{len(words)} word(s), each run **on its own** · computed on **{trace.device}** "
              f"in {trace.seconds * 1000:.1f} ms")
    outputs = [f"{'noun' if p >= 0.5 else 'not noun'} {p:.2f}" for p in trace.p_noun]
    return (plot(paradigm_figure("one-to-one", inputs=words[:1], outputs=outputs[:1])),
            plot(noun_figure(trace)), noun_table_html(trace), status)


@handler
def generate_text(seed, length, temperature, sample_seed):
    model = load_charlm()
    seed = seed or ""
    if len(seed) != 1:
        raise InputError(f"The seed is exactly one character (you gave {len(seed)}), "
                         "e.g. “R” or “T”.")
    if seed not in model.config.alphabet:
        raise InputError(f"The model never saw “{seed}” in Shakespeare: use a letter, a space "
                         "or one of  ! $ & ' , - . 3 : ; ?")
    length = whole_number("Length", length, 1, MAX_GENERATED)
    temperature = real_number("Temperature", temperature, *TEMPERATURES)
    sample_seed = read_seed(sample_seed, "Sampling seed")
    trace = explain_generation(seed, length, temperature, sample_seed)
    status = (f"1 character in, {length} out, temperature {temperature:g}, sampling seed "
              f"{sample_seed} · computed on **{trace.device}** in {trace.seconds * 1000:.0f} ms "
              f"({trace.seconds / length * 1000:.2f} ms per step: each step waits for the last)")
    return (plot(paradigm_figure("one-to-many", steps=5, inputs=[seed],
                                 outputs=list(trace.text[:5]))),
            generation_html(trace), plot(candidates_figure(trace)), status)


@handler
def identify_language(text):
    text = short_text(text, MAX_CHARS, f"Paste at most {MAX_CHARS} characters here: the model "
                      f"reads the first {LANGID_CHARS}.").strip()
    if not text:
        raise InputError("Type a sentence in English or in French, e.g. “Le chat dort.”")
    model = load_langid()
    if not any(c in model.config.alphabet for c in text.lower()):
        raise InputError("None of those characters occur in the model's English and French "
                         "training sentences: type a sentence in English or French.")
    trace = explain_language(text)
    unknown = int(trace.unknown.sum())
    status = (f"Answer: **{trace.answer}** (p(English) = {trace.p_english[-1]:.3f}) after "
              f"{len(trace.text)} characters · computed on **{trace.device}** in "
              f"{trace.seconds * 1000:.0f} ms"
              + (f" · ⚠ only the first {LANGID_CHARS} characters were read" if trace.cut else "")
              + (f" · {unknown} character(s) unknown to the model" if unknown else ""))
    return (plot(paradigm_figure("many-to-one", steps=min(len(trace.text), 6),
                                 inputs=diagram_labels(list(trace.text)), outputs=[trace.answer])),
            plot(language_figure(trace)), status)


@handler
def translate_sentence(text):
    read_english(text)                        # empty, or longer than it was trained on
    trace = explain_encoder_decoder(text)
    source, target = list(trace.source), list(trace.target)
    status = (f"**{trace.text}** · {len(source)} tokens in, {len([w for w in target if w != '</s>'])} "
              f"out (+ the end mark)"
              f"{' · subword pieces, ▁ starts a word' if source[0].startswith('▁') else ''}"
              f" · computed on "
              f"**{trace.device}** in {trace.seconds * 1000:.0f} ms")
    return (plot(paradigm_figure("encoder-decoder", steps=min(len(source), 6),
                                 out_steps=min(len(target), 6), inputs=diagram_labels(source),
                                 outputs=diagram_labels(target))), status)


@handler
def tag_synced(text):
    tokens, note = read_sentence(text)
    trace = explain_tagging(tokens, "slide")
    status = (f"{len(tokens)} words in, {len(tokens)} tags out · computed on **{trace.device}** "
              f"in {trace.seconds * 1000:.0f} ms" + (f" · ⚠ {note}" if note else ""))
    return (plot(paradigm_figure("many-to-many", steps=min(len(tokens), 6),
                                 inputs=diagram_labels(tokens),
                                 outputs=diagram_labels(list(trace.predicted)))),
            tagged_sentence(trace) + legend(trace.tag_names), status)


# ---- layout --------------------------------------------------------------------------------------

def _one_to_one() -> None:
    first = classify_words(NOUN_EXAMPLES)
    gr.Markdown(ONE_TO_ONE.format(hidden=load_isnoun().config.hidden_size))
    diagram = gr.Plot(first[0], elem_id="p11-diagram", show_label=False)
    with gr.Row():
        words = gr.Textbox(NOUN_EXAMPLES, label=f"Words (up to {MAX_WORDS}), each judged alone",
                           scale=4, elem_id="p11-words")
        run = gr.Button("Is it a noun?", variant="primary", scale=1, elem_id="p11-run")
    status = gr.Markdown(first[3], elem_id="p11-status")
    with gr.Row(equal_height=False):
        bars = gr.Plot(first[1], elem_id="p11-bars", show_label=False)
        table = gr.HTML(first[2], elem_id="p11-table")
    gr.on([run.click, words.submit], classify_words, words, [diagram, bars, table, status],
          api_name="paradigm_isnoun", trigger_mode="always_last")


def _one_to_many() -> None:
    first = generate_text("R", 200, 0.8, 0)
    gr.Markdown(ONE_TO_MANY.format(hidden=load_charlm().config.hidden_size, seed="R",
                                   temperature=0.8, samples=generation_samples("R", 40, 0.8)))
    diagram = gr.Plot(first[0], elem_id="p1n-diagram", show_label=False)
    with gr.Row():
        seed = gr.Textbox("R", label="Seed character (the one input)", max_length=1,
                          elem_id="p1n-seed")
        length = gr.Slider(1, MAX_GENERATED, value=200, step=1, label="characters to generate",
                           elem_id="p1n-length")
        temperature = gr.Slider(*TEMPERATURES, value=0.8, step=0.05, label="temperature",
                                elem_id="p1n-temperature")
        sample_seed = gr.Number(0, label="sampling seed", precision=0, elem_id="p1n-sample-seed")
    run = gr.Button("Generate", variant="primary", elem_id="p1n-run")
    status = gr.Markdown(first[3], elem_id="p1n-status")
    gr.Markdown("Shaded characters were unlikely draws (the darker, the less likely); hover one "
                "for the model's top candidates at that step.")
    text = gr.HTML(first[1], elem_id="p1n-text")
    candidates = gr.Plot(first[2], elem_id="p1n-candidates", show_label=False)
    gr.on([run.click, seed.submit, sample_seed.submit], generate_text,
          [seed, length, temperature, sample_seed], [diagram, text, candidates, status],
          api_name="paradigm_generate", trigger_mode="always_last")


def _many_to_one() -> None:
    first = identify_language(LANGID_EXAMPLES[1])
    gr.Markdown(MANY_TO_ONE.format(hidden=load_langid().config.hidden_size))
    diagram = gr.Plot(first[0], elem_id="pn1-diagram", show_label=False)
    with gr.Row():
        text = gr.Textbox(LANGID_EXAMPLES[1], label="A sentence in English or French",
                          scale=4, elem_id="pn1-text")
        run = gr.Button("Which language?", variant="primary", scale=1, elem_id="pn1-run")
    gr.Examples([[e] for e in LANGID_EXAMPLES], inputs=[text], label="Examples (a click fills the box)",
                api_name="paradigm_langid_example")
    status = gr.Markdown(first[2], elem_id="pn1-status")
    curve = gr.Plot(first[1], elem_id="pn1-curve", show_label=False)
    gr.on([run.click, text.submit], identify_language, text, [diagram, curve, status],
          api_name="paradigm_langid", trigger_mode="always_last")


def _many_to_many() -> None:
    first = tag_synced(DECK_SENTENCE)
    gr.Markdown(MANY_TO_MANY)
    diagram = gr.Plot(first[0], elem_id="pnn-diagram", show_label=False)
    with gr.Row():
        text = gr.Textbox(DECK_SENTENCE, label="Sentence", scale=4, elem_id="pnn-text")
        run = gr.Button("Tag it", variant="primary", scale=1, elem_id="pnn-run")
    status = gr.Markdown(first[2], elem_id="pnn-status")
    tagged = gr.HTML(first[1], elem_id="pnn-tagged")
    go_pos = gr.Button("Open the POS tagging tab", size="md", elem_id="pnn-open-pos")
    gr.on([run.click, text.submit], tag_synced, text, [diagram, tagged, status],
          api_name="paradigm_tag", trigger_mode="always_last")
    go_pos.click(None, js=open_tab_js("pos"), api_visibility="private")


def _encoder_decoder() -> None:
    first = translate_sentence(TRANSLATE_EXAMPLE)
    gr.Markdown(ENCODER_DECODER)
    diagram = gr.Plot(first[0], elem_id="ped-diagram", show_label=False)
    with gr.Row():
        text = gr.Textbox(TRANSLATE_EXAMPLE, label="An English sentence", scale=4,
                          elem_id="ped-text")
        run = gr.Button("Translate", variant="primary", scale=1, elem_id="ped-run")
    status = gr.Markdown(first[1], elem_id="ped-status")
    go_translate = gr.Button("Open the Translation tab", size="md", elem_id="ped-open")
    gr.on([run.click, text.submit], translate_sentence, text, [diagram, status],
          api_name="paradigm_translate", trigger_mode="always_last")
    go_translate.click(None, js=open_tab_js("translation"), api_visibility="private")


def build_paradigms_tab() -> None:
    warm_up()  # the three mini-models load at start-up, not on a student's first click
    gr.Markdown(INTRO)
    with gr.Tabs(elem_id="paradigm-tabs"):
        for key, title, build in (("one-to-one", "One-to-one", _one_to_one),
                                  ("one-to-many", "One-to-many", _one_to_many),
                                  ("many-to-one", "Many-to-one", _many_to_one),
                                  ("many-to-many", "Many-to-many (synced)", _many_to_many),
                                  ("encoder-decoder", "Encoder/decoder", _encoder_decoder)):
            with gr.Tab(title, id=f"paradigm-{key}", elem_id=f"paradigm-{key}"):
                build()
