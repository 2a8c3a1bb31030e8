"""View: advantages and disadvantages of recurrent networks, each one measured now."""
from __future__ import annotations

import gradio as gr

from ..explain.pos import load_tagger
from ..explain.tradeoffs import (EVAL_DELAYS, compare_directions, load_delay, measure_delays,
                                 measure_sizes, measure_speed)
from ..figures.labels import literal
from ..figures.tradeoffs import (delay_figure, directions_figure, directions_html, median_ms,
                                 size_figure, speed_figure)
from .errors import InputError, handler
from .inputs import read_seed, read_sentence, whole_number
from .later import Later, show_when_ready
from .player import plot

MAX_LENGTH = 64                                 # sentence lengths for the size comparison
SPEED_LENGTHS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
MAX_REPEATS = 5                                 # the longest measurement stays under ~1 s on CPU
MAX_PER_DELAY = 512
MEASURING = "Measuring now, once, as the server starts…"
MAX_DIRECTION_TOKENS = 32                       # tagged once per word: ~0.8 s, ~35 MB at most
# Sentences this project wrote, with our own gold tags (data/gold_tags.py); the text below says
# what the shipped taggers do on the first two, and a test holds it to that.
DIRECTION_EXAMPLES = ["Time flies like an arrow.",
                      "They refuse to permit us to obtain the refuse permit.",
                      "Light the lamp.", "Love hurts.", "Present the present.",
                      "I like to fish in the river.", "The old man the boat."]
WINDOW = 5                                      # words a window MLP sees: 2 on each side
# Measured on the 25,147 words of UD English-EWT dev by `python -m explainer.evaluate directions
#   --conllu ../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu` (tests/ui/test_tradeoffs_claims.py
#   measures them again where the corpus is present)
EWT_DEV_DIRECTIONS = dict(words=25_147, both_only=1_076, forward_only=329)
# The first shipped checkpoint from which each delay network is >= 95% right at every delay, scored
# on 256 sequences per delay, seed 0 (tests/ui/test_tradeoffs_claims.py scores them again)
DELAY_ALL_RIGHT = dict(lstm=250, elman=2000)

INTRO = """
## Advantages and disadvantages, measured
The lecture's list of what recurrent networks are good and bad at — each point measured now, on
this server, with real models. Measured offline, and saying so: the counts over the UD
English-EWT dev set and the delay networks' checkpoint steps below (a test re-measures both).
"""

SIZES = f"""
### ✔ Variable input length, constant model size
The trained `slide` tagger is run on sentences of every length from 1 to {MAX_LENGTH} words; it is
the **same** set of weights each time, because the LSTM reads one word per step and carries what it
has read in its state. Compare two multilayer perceptrons (MLPs), counted with the tagger's own
sizes ({{input}} numbers per word, {{hidden}} hidden units, {{tags}} tags) and after the word
embeddings, which all of them would share:
- an MLP over the **whole sentence** takes all L word vectors side by side, so its input layer is
  sized for one L: built for the longest sentence it will see (shorter ones padded), it cannot
  read a longer one;
- a **window** MLP tags each word from the {WINDOW} words around it: one size for every L, but it
  sees nothing beyond its window. (The one-to-one model in the Paradigms tab is such a window MLP,
  with a window of one word.)
"""

SPEED = """
### ✘ Slower to compute
The RNN must finish step t−1 before step t: reading L tokens takes L steps one after another,
however many cores the machine has. A self-attention layer of the same width compares all L
positions in a few large matrix products, with no step waiting for another. The deck's CNN recap
makes that point for convolutions: the loops over kernels, width and height are independent, so a
"GPU collapses this to constant time" (while it has cores to spare). Below, both are timed now, on
this server's device (the status line says which: the deck's constant time is a claim about a GPU),
one sequence at a time, for the `slide` tagger's own LSTM and an attention layer as wide as its
input (untrained: the time does not depend on the weights). On a busy server, expect noise: press
"Measure again".

The deck: RNNs were "largely replaced by transformers", quoting Vaswani et al. (2017), *Attention
Is All You Need*: "We propose a new simple network architecture, the Transformer, based solely on
attention mechanisms, dispensing with recurrence and convolutions entirely." Their reason, section 1: "This inherently sequential nature precludes parallelization within
training examples, which becomes critical at longer sequence lengths, as memory constraints limit
batching across examples." They wrote it about training; the timings below are of reading one
sequence.
"""

DELAY = """
### ✘ Poor long-term dependencies
The **delay task**: read a symbol (A, B, C or D), then d noise symbols (w x y z), then `?` — and
answer the first symbol. An Elman RNN and an LSTM with the same number of hidden units
({hidden}), but not the same number of parameters (Elman {elman:,}, LSTM {lstm:,}: an LSTM
unit has four sets of weights: three gates and the candidate), were trained offline on
the same sequences (delays 1 to {trained}, mixed) with the same seed, and shipped at several
points of their training (model cards at the foot of this view). Here they are scored **now** on fresh random
sequences. Move the checkpoint and compare how many training steps each network needs before it
gets the long delays right: on the shipped checkpoints (256 sequences per delay, seed 0), the LSTM
is first right on ≥ 95% of every delay at step {lstm_all:,}, the Elman network only at step
{elman_all:,}, having got the short delays right first. What the Elman network finds hard here is
*learning* the long delays (the **BPTT** tab follows the gradient back through the steps). Within
one checkpoint, do not read a steady fall with the delay into the curve: past the delays a network
gets right, its accuracy jumps about (the status line gives the range).
"""

FUTURE = f"""
### ✘ Does not consider future inputs
A left-to-right RNN tags word t having read only words 1…t. The `slide` tagger reads left to
right; the `best` tagger is bidirectional: a second LSTM reads right to left, and each h_t holds
both (it also differs in more than direction: character features, two layers). Words whose tag
differs are ringed. For the example sentences, which this project wrote, the gold tags (assigned
by us following the UD guidelines) are shown beside both answers, ✓ right and ✗ wrong: in *Time
flies like an arrow.* only the bidirectional tagger gets *flies* right (a verb: it has read *like
an arrow*); in *They refuse to permit us to obtain the refuse permit.* only the left-to-right one
gets the second *refuse* right (a noun). Over the {EWT_DEV_DIRECTIONS['words']:,} words of the UD
English-EWT dev set, the bidirectional tagger is right where the left-to-right one is wrong on
{EWT_DEV_DIRECTIONS['both_only']:,} words, and the other way round on
{EWT_DEV_DIRECTIONS['forward_only']:,}.

The bars measure the reading direction: delete every word after word t and tag again — the
left-to-right tagger's answer for word t cannot change (its bar stays at 0; differences below
10⁻⁶ are float rounding), the bidirectional tagger's can. (Seeing both sides is no guarantee: a
garden-path sentence such as *The old man the boat.* can fool both.)
"""


# ---- handlers ----------------------------------------------------------------------------------

@handler
def show_sizes(max_length):
    max_length = whole_number("Longest sentence", max_length, 1, MAX_LENGTH)
    trace = measure_sizes("slide", list(range(1, max_length + 1)), WINDOW)
    text = (f"The tagger ran on {len(trace.lengths)} sentence lengths with the same "
            f"**{trace.rnn_parameters:,}** parameters; an MLP over the whole sentence would need "
            f"{trace.mlp_parameters[0]:,} parameters for 1 word and "
            f"**{trace.mlp_parameters[-1]:,}** for {max_length} — and could not read "
            f"{max_length + 1}; a {trace.window}-word window MLP needs "
            f"**{trace.window_parameters:,}** for any length, and sees {trace.window // 2} words "
            "on each side, no more.")
    return plot(size_figure(trace)), text


def speed_device_note(device: str) -> str:
    """What the timings can and cannot say about the deck's GPU claim, for the device used."""
    if device.startswith("CPU"):
        return (" A CPU runs attention's products on a few cores, so its time grows with L too; "
                "the deck's GPU claim (constant time while cores are spare) is not tested here.")
    return " A GPU: attention's products run on its many cores at once."


@handler
def show_speed(repeats):
    repeats = whole_number("Repeats", repeats, 1, MAX_REPEATS)
    trace = measure_speed("slide", list(SPEED_LENGTHS), repeats)
    loop, attention = median_ms(trace.rnn_loop), median_ms(trace.attention)
    text = (f"At L = {SPEED_LENGTHS[-1]}: step loop **{loop[-1]:.1f} ms**, fused LSTM kernel "
            f"{median_ms(trace.rnn_fused)[-1]:.1f} ms, self-attention **{attention[-1]:.2f} ms** "
            f"(median of {repeats}); from L = 1 to {SPEED_LENGTHS[-1]} the loop's time grew "
            f"{loop[-1] / loop[0]:.0f}×, attention's {attention[-1] / attention[0]:.0f}×. "
            f"Measured on **{trace.device}**." + speed_device_note(trace.device))
    return plot(speed_figure(trace)), text


def beyond_reach(trace, cell: str) -> str:
    """Accuracy range past the longest delay a network gets right: measured, not a trend."""
    reach = trace.reach(cell) or 0
    rest = getattr(trace, cell)[trace.delays > reach]
    if not len(rest):
        return ""
    return f" (beyond: {rest.min():.0%}–{rest.max():.0%})"


@handler
def show_delays(step, per_delay, seed):
    steps = load_delay("elman").steps
    step = whole_number("Training step", step, min(steps), max(steps))
    if step not in steps:
        raise InputError(f"Choose one of the shipped checkpoints: {', '.join(map(str, steps))}.")
    per_delay = whole_number("Sequences per delay", per_delay, 16, MAX_PER_DELAY)
    seed = read_seed(seed)
    trace = measure_delays(step, per_delay, seed)
    reach = {cell: (f"delay {trace.reach(cell)}" if trace.reach(cell) else "no delay")
             + beyond_reach(trace, cell) for cell in ("elman", "lstm")}
    text = (f"After {step:,} training steps, ≥ 95% right at every delay up to: Elman "
            f"**{reach['elman']}**, LSTM **{reach['lstm']}** · {per_delay} fresh sequences per delay "
            f"(seed {seed}) scored on **{trace.device}** in {trace.seconds:.2f} s")
    return plot(delay_figure(trace)), text


def delay_parameters(cell: str) -> int:
    """Parameters of one delay network (every checkpoint has the same)."""
    checkpoints = load_delay(cell)
    return sum(p.numel() for p in checkpoints.at(checkpoints.steps[0]).parameters())


def typed(words: list[str]) -> str:
    """The user's words in a Markdown status, shown as typed: no Markdown, HTML or TeX read."""
    return literal(" ".join(words)) or "(nothing)"


def gold_summary(trace) -> str:
    """Who is right on our gold tags, word by word: computed from the trace."""
    outcomes = trace.outcomes()
    if not outcomes:
        return ""

    def words(indices):
        return ", ".join(f"“{typed([trace.tokens[i]])}” ({trace.gold[i]}: slide "
                         f"{trace.forward_tags[i]}, best {trace.both_tags[i]})" for i in indices)
    parts = [f"{label} on {words(outcomes[key])}" for key, label in (
        ("both_only", "only the bidirectional tagger is right"),
        ("forward_only", "only the left-to-right tagger is right"),
        ("neither", "both are wrong")) if outcomes[key]]
    parts.append(f"both are right on the other {len(outcomes['both'])} of {len(trace.tokens)}"
                 if len(outcomes["both"]) < len(trace.tokens) else "both are right on every word")
    return ("Gold tags known for this sentence (ours, following the UD guidelines): "
            + "; ".join(parts) + ". ")


@handler
def show_directions(text):
    tokens, note = read_sentence(text)
    if len(tokens) > MAX_DIRECTION_TOKENS:
        raise InputError(f"Up to {MAX_DIRECTION_TOKENS} words here (the sentence is tagged once "
                         f"per word); yours has {len(tokens)}.")
    trace = compare_directions(tokens, "slide", "best")
    changed = [f"“{typed([w])}”: **{a}** from `slide`, which had read only "
               f"“{typed(tokens[:t + 1])}”; **{b}** from `best`, which had also read "
               f"“{typed(tokens[t + 1:])}”"
               for t, (w, a, b, c) in enumerate(zip(trace.tokens, trace.forward_tags,
                                                    trace.both_tags, trace.changed)) if c]
    summary = gold_summary(trace)
    summary += ("Tags that differ — " + "; ".join(changed) + "." if changed else
                "The two taggers agree on every word of this sentence.")
    summary += (f" Largest effect of deleting the words after a word: left-to-right "
                f"**{trace.forward_prefix_change.max():.4f}**, bidirectional "
                f"**{trace.both_prefix_change.max():.4f}**. Computed on **{trace.device}**."
                + (f" ⚠ {note}" if note else ""))
    return directions_html(trace), plot(directions_figure(trace)), summary


# ---- layout ------------------------------------------------------------------------------------

def build_tradeoffs_tab() -> None:
    tagger = load_tagger("slide")
    gr.Markdown(INTRO)

    # measured once, in the background as the server starts (ui/later.py), shown when ready
    first = Later("the first trade-off measurements", lambda: (
        *show_sizes(MAX_LENGTH), *show_speed(3),
        *show_delays(load_delay("elman").steps[3], 256, 0)))
    gr.Markdown(SIZES.format(input=tagger.rnn.config.input_size,
                             hidden=tagger.rnn.output_size, tags=tagger.config.n_tags))
    size_status = gr.Markdown(MEASURING, elem_id="size-status")
    size = gr.Plot(None, elem_id="size-plot", show_label=False)
    longest = gr.Slider(1, MAX_LENGTH, value=MAX_LENGTH, step=1, label="longest sentence (words)",
                        elem_id="size-longest")

    gr.Markdown(SPEED)
    with gr.Row():
        repeats = gr.Slider(1, MAX_REPEATS, value=3, step=1, label="repeats per length",
                            elem_id="speed-repeats", scale=3)
        measure = gr.Button("Measure again", variant="primary", elem_id="speed-run", scale=1)
    speed_status = gr.Markdown(MEASURING, elem_id="speed-status")
    speed = gr.Plot(None, elem_id="speed-plot", show_label=False)

    steps = load_delay("elman").steps
    gr.Markdown(DELAY.format(trained=load_delay("elman").config.max_delay,
                             hidden=load_delay("elman").config.hidden_size,
                             elman=delay_parameters("elman"), lstm=delay_parameters("lstm"),
                             lstm_all=DELAY_ALL_RIGHT["lstm"], elman_all=DELAY_ALL_RIGHT["elman"]))
    with gr.Row():
        step = gr.Radio(list(steps), value=steps[3], label="training steps (checkpoint)",
                        elem_id="delay-step", scale=3)
        per_delay = gr.Slider(16, MAX_PER_DELAY, value=256, step=16, elem_id="delay-count",
                              label=f"fresh sequences per delay ({len(EVAL_DELAYS)} delays)")
        seed = gr.Number(0, label="seed of the sequences", precision=0, elem_id="delay-seed")
    delay_status = gr.Markdown(MEASURING, elem_id="delay-status")
    delay = gr.Plot(None, elem_id="delay-plot", show_label=False)

    first_html, first_bars, first_text = show_directions(DIRECTION_EXAMPLES[0])
    gr.Markdown(FUTURE)
    with gr.Row():
        sentence = gr.Textbox(DIRECTION_EXAMPLES[0], label="Sentence", scale=4,
                              elem_id="future-text")
        compare = gr.Button("Tag it both ways", variant="primary", scale=1, elem_id="future-run")
    gr.Examples([[e] for e in DIRECTION_EXAMPLES], inputs=[sentence], label="Examples (a click fills the box)",
                api_name="tradeoffs_future_example")
    future_status = gr.Markdown(first_text, elem_id="future-status")
    future_tags = gr.HTML(first_html, elem_id="future-tags")
    future_bars = gr.Plot(first_bars, elem_id="future-bars", show_label=False)

    longest.release(show_sizes, longest, [size, size_status], api_name="tradeoffs_sizes",
                    trigger_mode="always_last")
    measure.click(show_speed, repeats, [speed, speed_status], api_name="tradeoffs_speed",
                  concurrency_limit=1)   # timings taken side by side would disturb each other
    gr.on([step.change, per_delay.release, seed.submit], show_delays, [step, per_delay, seed],
          [delay, delay_status], api_name="tradeoffs_delay", trigger_mode="always_last")
    gr.on([compare.click, sentence.submit], show_directions, sentence,
          [future_tags, future_bars, future_status], api_name="tradeoffs_future",
          trigger_mode="always_last")
    show_when_ready(first, lambda answers: answers,
                    [size, size_status, speed, speed_status, delay, delay_status],
                    api_name="tradeoffs_first")
