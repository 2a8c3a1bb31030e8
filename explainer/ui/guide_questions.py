"""Predict, then reveal: each view's questions for a student alone. The student commits to an
answer first; the reveal runs the shipped models (explain_* functions) on the question's input
and says what they computed, and whether the prediction matched. Nothing here is a stored answer.

Every question is a `Question`: a prompt, its input components, and the handler that computes
the reveal (checked inputs first, like every other handler)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import gradio as gr
import numpy as np

from ..data.examples import DECK_SENTENCE, UNGRAMMATICAL
from ..explain.bptt import explain_gradient_flow
from ..explain.gates import explain_gates
from ..explain.paradigms import explain_encoder_decoder
from ..explain.pos import explain_tagging, load_tagger
from ..explain.questions import MAX_DIMS, explain_shape_run
from ..explain.tradeoffs import compare_directions
from ..explain.translation import explain_translation
from ..figures.labels import literal as escape   # as typed in Markdown: no HTML, Markdown or TeX
from .errors import InputError, handler
from .inputs import one_of, read_english, read_sentence, short_text, whole_number

# the shape explorer's defaults: the same numbers as the Feed-forward vs recurrent view
L, N, INPUT_SIZE, OUTPUT_SIZE = 7, 2, 3, 4
MAX_SHAPE_CHARS = 40
MAX_SHAPE_SIDE = 1000
CHANGED = 1e-6          # a tag probability that moved less than this did not move (float rounding)


def read_shape(name: str, text) -> tuple[int, ...]:
    """'(7, 2, 3)', '7,2,3', '[7 2 3]' or '7x2x3' as (7, 2, 3); an InputError otherwise."""
    text = short_text(text, MAX_SHAPE_CHARS, f"{name}: a shape is short, e.g. (7, 2, 3).")
    if not re.fullmatch(r"[\s\d,()\[\]x×*]*", text):
        raise InputError(f"{name}: type whole numbers, e.g. (7, 2, 3).")
    sides = [int(n) for n in re.findall(r"\d+", text)]
    if not sides:
        raise InputError(f"{name} is empty: type a shape such as (7, 2, 3).")
    if len(sides) > MAX_DIMS or not all(1 <= n <= MAX_SHAPE_SIDE for n in sides):
        raise InputError(f"{name}: up to {MAX_DIMS} sizes, each from 1 to {MAX_SHAPE_SIDE}.")
    return tuple(sides)


def _shape(shape) -> str:
    return "(" + ", ".join(map(str, shape)) + (",)" if len(shape) == 1 else ")")


def _verdict(right: bool) -> str:
    return "✔ **right**" if right else "✘ **not quite**"


def check_shapes(neuron: str, given_input, given_output) -> str:
    """Run `neuron`(3, 4) on the student's input shape; compare both blanks with what running
    it on the question's input returns."""
    student_in = read_shape("Input shape", given_input)
    student_out = read_shape("Output shape", given_output)
    if np.prod(student_in) > 100_000:
        raise InputError("Input shape: at most 100,000 numbers in all, please.")
    expected_in = (N, INPUT_SIZE) if neuron == "Neuron" else (L, N, INPUT_SIZE)
    run = explain_shape_run(neuron, INPUT_SIZE, OUTPUT_SIZE, student_in)
    truth = explain_shape_run(neuron, INPUT_SIZE, OUTPUT_SIZE, expected_in)
    call = f"`{neuron}({INPUT_SIZE}, {OUTPUT_SIZE})`"
    if run.error:
        ran = (f"Ran {call} on a random tensor of your shape {_shape(student_in)}: it **failed** "
               f"— `{run.error}`.")
    else:
        ran = (f"Ran {call} on a random tensor of your shape {_shape(student_in)}: it returned "
               f"**{_shape(run.output_shape)}**"
               + (f" (and a final state {_shape(run.state_shape)})" if run.state_shape else "")
               + ".")
    meaning = ("(N, input_size): one fixed-size example per row" if neuron == "Neuron" else
               "(L, N, input_size): L steps, each a batch of N examples")
    lines = [ran,
             f"Input shape {_shape(student_in)}: {_verdict(student_in == expected_in)} — the "
             f"question's input is {_shape(expected_in)} = {meaning}.",
             f"Output shape {_shape(student_out)}: {_verdict(student_out == truth.output_shape)} "
             f"— on {_shape(expected_in)} it returns {_shape(truth.output_shape)}"
             + (f", one output per step, plus the last state {_shape(truth.state_shape)}"
                if truth.state_shape else "") + f". Computed on {truth.device}."]
    return "  \n".join(lines)


def _index_of(word: str, tokens) -> int:
    found = [i for i, t in enumerate(tokens) if t.lower() == word.lower()]
    if not found:
        raise InputError(f"“{word[:30]}” is not a word of “{' '.join(tokens)[:60]}”: use a "
                         "word "
                         "of both sentences.")
    return found[0]


def same_word_twice(word, first, second, prediction) -> str:
    """The slide tagger's tag for `word` in two sentences."""
    word = short_text(word, 40, "One word, please.").strip()
    if not word or len(word.split()) != 1:
        raise InputError("Type one word that occurs in both sentences, e.g. “book”.")
    one_of(prediction, SAME_OR_NOT, "Predict: the same tag or different tags.")
    rows, tags = [], []
    for text in (first, second):
        tokens, _ = read_sentence(text)
        i = _index_of(word, tokens)
        trace = explain_tagging(tokens, "slide")
        tag, p = trace.predicted[i], float(trace.probs[i].max())
        tags.append(tag)
        rows.append(f"“{escape(' '.join(tokens))}” → **{tag}** (p = {p:.2f})")
    same = tags[0] == tags[1]
    said_same = prediction == SAME_OR_NOT[0]
    return ("  \n".join(rows) + f"  \n{_verdict(same == said_same)}: the trained tagger gave "
            + ("the same tag both times." if same else "**different tags** to the same word.")
            + " A feed-forward network that sees only the word must answer the same every "
            "time; a recurrent one also reads its state, which carries the words before it.")


SAME_OR_NOT = ["the same tag", "different tags"]
TRENDS = ["vanish (shrink going back)", "stay about the same", "explode (grow going back)"]
RADII = [0.5, 0.8, 1.0, 1.2, 1.5]
BPTT_SENTENCE = "The cats that my sister feeds every morning are always hungry ."


def gradient_trend(radius, prediction) -> str:
    """The Elman tagger, identity activation, W_hh rescaled to `radius`, loss at the last token."""
    radius = float(one_of(radius, RADII, "Choose one of the radii."))
    one_of(prediction, TRENDS, "Predict: vanish, about the same, or explode.")
    tokens, _ = read_sentence(BPTT_SENTENCE)
    trace = explain_gradient_flow(tokens, "elman", len(tokens) - 1, radius, "identity")
    decay = trace.decay_per_step
    truth = 0 if decay < 0.9 else 2 if decay > 1.1 else 1       # the BPTT view's thresholds
    g = trace.hidden_grad
    return (f"Walking back from “{escape(tokens[-1])}” to “{escape(tokens[0])}”, "
            "‖∂L/∂h<sub>t</sub>‖ is "
            f"multiplied by **{decay:.3g}** per step on average: {g[-1]:.2g} → {g[0]:.2g}.  \n"
            f"{_verdict(TRENDS.index(prediction) == truth)}: it "
            f"{['vanishes', 'stays about the same', 'explodes'][truth]}. With no squashing "
            "activation each step back multiplies by the same matrix W_hh, so in the long run a "
            "radius "
            f"below 1 shrinks the signal and above 1 grows it. Computed on {trace.device}.")


def teeth_tag(prediction) -> str:
    """The slide tagger on the deck's “I is a teeth”: the tag of “teeth”."""
    tags = load_tagger("slide").vocab.tags.tokens
    one_of(prediction, tags, "Choose one of the tags.")
    tokens, _ = read_sentence(UNGRAMMATICAL)
    trace = explain_tagging(tokens, "slide")
    i = tokens.index("teeth")
    top = np.argsort(trace.probs[i])[::-1][:3]
    guesses = ", ".join(f"{trace.tag_names[k]} {trace.probs[i, k]:.2f}" for k in top)
    return (f"The slide tagger: {' '.join(f'{w}/**{t}**' for w, t in zip(tokens, trace.predicted))}"
            f" (top guesses for “teeth”: {guesses}).  \n"
            f"{_verdict(prediction == trace.predicted[i])}. The sentence is ungrammatical, yet "
            "every word still gets a tag: the tagger labels words, it does not judge grammar. "
            f"Computed on {trace.device}.")


def forget_most(prediction) -> str:
    """The slide tagger's LSTM on the deck's sentence: the word at which its forget gate,
    averaged over the units, is lowest (from the second word: the first has no memory yet)."""
    tokens, _ = read_sentence(DECK_SENTENCE)
    choice = whole_number("Your word", prediction, 1, len(tokens) - 1)
    trace = explain_gates(tokens, "slide")
    mean = trace.forget_gate.mean(axis=1)
    t = 1 + int(np.argmin(mean[1:]))
    table = " · ".join(f"{escape(w)} {m:.2f}" for w, m in zip(tokens[1:], mean[1:]))
    return (f"Mean forget gate f_t per word: {table}.  \n"
            f"{_verdict(choice == t)}: the lowest is at “{escape(tokens[t])}” (word {t + 1}), "
            f"{mean[t]:.2f}: reading it, the cell keeps, averaged over its units, {mean[t]:.0%} of "
            "what it stored before (c<sub>t−1</sub>) and lets the rest go. Computed on "
            f"{trace.device}.")


def decoder_length(text, prediction) -> str:
    """The encoder/decoder on an English sentence: how many tokens it writes."""
    source = read_english(text)
    guess = whole_number("Your guess", prediction, 1, 100)
    trace = explain_encoder_decoder(text)
    written = [w for w in trace.target if w != "</s>"]
    return (f"{len(trace.source)} tokens in ({escape(' '.join(trace.source))}); the decoder wrote "
            f"**{len(written)}** before its end mark: {escape(' '.join(written))}.  \n"
            f"{_verdict(guess == len(written))}. The decoder decides when to stop by writing "
            f"{escape('</s>')}: the output's length need not be the input's. "
            f"(Your English: {len(source)} tokens.) Computed on {trace.device}.")


TRANSLATION_SENTENCE = "She has a red car."


def attention_step(trace) -> int:
    """The decoder step to ask about: the first whose most-attended English word comes before
    the previous step's (French reorders the words there), else the most peaked row."""
    focus = trace.attention.argmax(axis=1)
    for k in range(1, len(focus)):
        if focus[k] < focus[k - 1] and trace.target[k] != "</s>":
            return k
    return int(trace.attention.max(axis=1).argmax())


def attention_focus(prediction) -> str:
    trace = explain_translation(TRANSLATION_SENTENCE, "attention", 0)
    k = attention_step(trace)
    choice = whole_number("Your word", prediction, 1, len(trace.source))
    row = trace.attention[k]
    top = int(row.argmax())
    weights = " · ".join(f"{escape(w)} {a:.2f}" for w, a in zip(trace.source, row))
    return (f"Attention while writing “{escape(trace.target[k])}”: {weights}.  \n"
            f"{_verdict(choice == top + 1)}: most weight on “{escape(trace.source[top])}” "
            f"({row[top]:.0%}). Computed on {trace.device}.")


WHO_CHANGES = ["neither", "only the left-to-right tagger (slide)",
               "only the bidirectional tagger (best)", "both"]
FUTURE_SENTENCE = "Time flies like an arrow."


def future_words(prediction) -> str:
    one_of(prediction, WHO_CHANGES, "Choose one of the four answers.")
    tokens, _ = read_sentence(FUTURE_SENTENCE)
    i = tokens.index("flies")
    trace = compare_directions(tokens, "slide", "best")
    f, b = float(trace.forward_prefix_change[i]), float(trace.both_prefix_change[i])
    truth = (f > CHANGED) + 2 * (b > CHANGED)
    answer = WHO_CHANGES[[0, 1, 2, 3][truth]]
    return (f"Deleting “{escape(' '.join(tokens[i + 1:]))}” moved the tag probabilities of "
            "“flies” by "
            f"{f:.1e} (left to right) and {b:.2g} (bidirectional); below {CHANGED:g} is float "
            f"rounding. Tags on the whole sentence: slide **{trace.forward_tags[i]}**, best "
            f"**{trace.both_tags[i]}**.  \n{_verdict(prediction == answer)}: {answer}. Computed "
            f"on {trace.device}.")


@dataclass(frozen=True)
class Question:
    key: str                                # api_name guide_<key>
    prompt: Callable[[], str]               # Markdown, built when the tab is built
    inputs: Callable[[], list]              # builds the input components
    reveal: Callable[..., str]


def _shape_boxes(neuron: str):
    def build():
        with gr.Row():
            return [gr.Textbox(label="Input shape", placeholder="(…, …)",
                               max_length=MAX_SHAPE_CHARS,
                               elem_id=f"guide-{neuron}-in"),
                    gr.Textbox(label="Output shape", placeholder="(…, …)",
                               max_length=MAX_SHAPE_CHARS, elem_id=f"guide-{neuron}-out")]
    return build


def _radio(key: str, choices, label: str):
    return lambda: [gr.Radio(choices() if callable(choices) else choices, label=label,
                             elem_id=f"guide-{key}-choice")]


def _words(sentence: str, skip_first: bool = False):
    tokens, _ = read_sentence(sentence)
    return [(f"{i + 1}. {w}", i + 1 - skip_first) for i, w in enumerate(tokens)][skip_first:]


def _translation_prompt() -> str:
    trace = explain_translation(TRANSLATION_SENTENCE, "attention", 0)
    k = attention_step(trace)
    return (f"The attention model translates “{TRANSLATION_SENTENCE}” as "
            f"“{escape(trace.text)}”. "
            f"**When it writes “{escape(trace.target[k])}”, which English word gets the most "
            "attention?**")


def _translation_choices():
    trace = explain_translation(TRANSLATION_SENTENCE, "attention", 0)
    return [(f"{i + 1}. {w}", i + 1) for i, w in enumerate(trace.source)]


QUESTIONS: dict[str, list[Question]] = {
    "neurons": [
        Question("neuron_shapes", lambda: (
            f"The slide's blanks, for `Neuron({INPUT_SIZE}, {OUTPUT_SIZE})` given a batch of "
            f"N = {N} examples: **Input shape: ___ / Output shape: ___**. Your answer is checked "
            "by running the neuron on a tensor of the input shape you type."),
            _shape_boxes("Neuron"), lambda i, o: check_shapes("Neuron", i, o)),
        Question("recurrent_shapes", lambda: (
            f"And for `RecurrentNeuron({INPUT_SIZE}, {OUTPUT_SIZE})` reading a sequence of "
            f"L = {L} steps, a batch of N = {N}: **Input shape: ___ / Output shape: ___**"),
            _shape_boxes("RecurrentNeuron"), lambda i, o: check_shapes("RecurrentNeuron", i, o)),
    ],
    "unrolled": [
        Question("same_word", lambda: (
            "Same word, different sentences: to a tagger these are different inputs, since its "
            "output at a word depends on every word before it. **Will the trained tagger give "
            "the same word the same tag in both sentences?** (Edit them if you like.)"),
            lambda: [gr.Textbox("book", label="Word", elem_id="guide-same-word"),
                     gr.Textbox("I read a good book.", label="Sentence 1",
                                elem_id="guide-same-first"),
                     gr.Textbox("Please book a table for two.", label="Sentence 2",
                                elem_id="guide-same-second"),
                     gr.Radio(SAME_OR_NOT, label="Your prediction",
                              elem_id="guide-same-choice")],
            same_word_twice),
    ],
    "bptt": [
        Question("gradient_trend", lambda: (
            f"The Elman tagger reads “{BPTT_SENTENCE}” with its activation replaced by the "
            "identity and W_hh rescaled to a spectral radius you choose. **Walking back from "
            "the loss at the last word, will the gradient vanish, stay about the same, or "
            "explode?**"),
            lambda: [gr.Radio(RADII, value=1.2, label="spectral radius of W_hh",
                              elem_id="guide-trend-radius"),
                     gr.Radio(TRENDS, label="Your prediction", elem_id="guide-trend-choice")],
            gradient_trend),
    ],
    "pos": [
        Question("teeth", lambda: (
            f"The deck's ungrammatical “{UNGRAMMATICAL}”. **Which tag will the slide tagger "
            "give “teeth”?**"),
            _radio("teeth", lambda: load_tagger("slide").vocab.tags.tokens, "Your prediction"),
            teeth_tag),
    ],
    "paradigms": [
        Question("decoder_length", lambda: (
            "Encoder/decoder: the encoder reads the whole English sentence, then the decoder "
            "writes French until it writes its end mark. **How many tokens will it write?**"),
            lambda: [gr.Textbox("I am cold.", label="English sentence",
                                elem_id="guide-length-text"),
                     gr.Number(label="Your guess (tokens, punctuation counts)", precision=0,
                               elem_id="guide-length-guess")],
            decoder_length),
    ],
    "gates": [
        Question("forget", lambda: (
            f"The slide tagger's LSTM reads “{DECK_SENTENCE}”. **Reading which word will its "
            "forget gate drop the most of the cell's memory** (the lowest forget gate, averaged "
            "over its units)?"),
            _radio("forget", lambda: _words(DECK_SENTENCE, skip_first=True), "Your prediction"),
            forget_most),
    ],
    "translation": [
        Question("attention", _translation_prompt,
                 _radio("attention", _translation_choices, "Your prediction"), attention_focus),
    ],
    "tradeoffs": [
        Question("future", lambda: (
            f"“{FUTURE_SENTENCE}” Delete every word after “flies” and tag again. "
            "**Whose tag "
            "probabilities for “flies” can change?**"),
            _radio("future", WHO_CHANGES, "Your prediction"), future_words),
    ],
}


def _named(question: Question):
    """The question's reveal as a handler, named for the log like its endpoint."""
    def reveal(*values):
        return question.reveal(*values)
    reveal.__name__ = reveal.__qualname__ = f"guide_{question.key}"
    return handler(reveal)


def build_questions(view_id: str) -> None:
    """The view's questions, each with its Reveal button and answer, under one heading."""
    questions = QUESTIONS.get(view_id, [])
    if not questions:
        return
    gr.Markdown("### Check yourself: predict, then reveal", elem_classes=["guide-heading"])
    for question in questions:
        with gr.Group(elem_classes=["guide-question"]):
            gr.Markdown(question.prompt(), elem_classes=["guide-prompt"])
            inputs = question.inputs()
            reveal = gr.Button("Reveal: run the model", size="md",
                               elem_id=f"guide-{question.key}-reveal")
            answer = gr.Markdown("", elem_id=f"guide-{question.key}-answer",
                                 elem_classes=["guide-answer"])
        reveal.click(_named(question), inputs, answer, api_name=f"guide_{question.key}",
                     api_visibility="private", show_progress="minimal")
