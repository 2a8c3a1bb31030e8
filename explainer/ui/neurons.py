"""View: feed-forward vs recurrent — the deck's two code slides, run for real."""
from __future__ import annotations

import html
import inspect
import re
import textwrap

import gradio as gr

from ..explain.neurons import explain_shapes, explain_slide_mistakes, explain_statefulness
from ..figures.neurons import stateful_figure
from ..models.neurons import SLIDE_NEURON, SLIDE_RECURRENT_NEURON, Neuron, RecurrentNeuron
from .errors import InputError, handler
from .inputs import read_seed, whole_number
from .player import plot
from .style import LATEX

LIMITS = {"L": 512, "N": 256, "input_size": 1024, "output_size": 1024}
MAX_ELEMENTS = 1_000_000  # L * N * max(input_size, output_size): inputs, outputs, their copies
# The recurrent neuron's work, L * N * (input_size + output_size) * output_size multiply-adds,
# with N counted as at least 32: each step reads every weight however small the batch (measured
# 0.04-0.15 ns per unit here, so the largest accepted request takes well under a second).
MAX_MULTIPLY_ADDS = 4_000_000_000
MIN_BATCH_COST = 32
# (input_size + output_size) * output_size weights per neuron; the slides' mistakes build about
# ten neurons, at 1024 x 1024 ~45 MB for one request
MAX_WEIGHTS = 1_100_000
MAX_REPEATS = 30
SETTLED = 1e-3              # the recurrent neuron's largest change between its last two steps

INTRO = r"""
## Feed-forward vs recurrent

A **conventional** (feed-forward) layer maps one fixed-size tensor to another and remembers nothing:
$$z_{FC} = X W^\top + b, \qquad y = \sigma(z_{FC})$$
A **recurrent** layer reads a *sequence* one step at a time and feeds its own output back in as the
state $h$:
$$z_R = x_t W_x^\top + b + h_{t-1} W_h^\top, \qquad h_t = \tanh(z_R)$$
Below, each slide's code **as on the slide**, character for character, next to **ours**: the same
code with the slide's mistakes fixed, shown from the very source this app runs.
"""

# what each class is called on screen; the slide's code and ours, shown side by side
CODES = {"Neuron": (SLIDE_NEURON, Neuron, "Neuron (feed-forward)"),
         "RecurrentNeuron": (SLIDE_RECURRENT_NEURON, RecurrentNeuron, "RecurrentNeuron")}

STATEFUL_INTRO = r"""
### Stateless vs stateful
Feed the **same token** several times. The deck calls conventional networks *functionally
deterministic* ("always produce the same output for a given input"): the linear neuron gives the
same answer every time. The recurrent neuron is deterministic too, but given the **whole sequence**
so far and its starting state $h_0$: fed the same token again, it answers differently because
$h_{t-1}$ has changed. With some weights the state settles; with others it keeps swinging (try
seed 3). Run the whole sequence again from the same $h_0$
and every output comes back the same (checked below). (Both neurons are **untrained** here: random
weights drawn with the seed below — the point is the wiring, not what they learned.)
"""


def shapes_table(trace) -> str:
    return (
        f"| | input shape | output shape |\n|---|---|---|\n"
        f"| Linear neuron, `Neuron({trace.input_size}, {trace.output_size})` "
        f"| `{trace.linear_input}` = (N, input_size) | `{trace.linear_output}` = (N, output_size) |\n"
        f"| Recurrent neuron, `RecurrentNeuron({trace.input_size}, {trace.output_size})` "
        f"| `{trace.recurrent_input}` = (L, N, input_size) "
        f"| outputs `{trace.recurrent_outputs}` = (L, N, output_size), "
        f"state `{trace.recurrent_state}` = (N, output_size) |\n\n"
        f"Shapes read off the tensors the two neurons returned, computed on **{trace.device}**.")


def _whole_lines(code: str, text: str) -> str:
    """The whole line(s) of `code` that hold `text`, dedented: a fix shown as full lines."""
    start = code.index(text)
    begin, end = code.rfind("\n", 0, start) + 1, code.find("\n", start + len(text.rstrip("\n")))
    return textwrap.dedent(code[begin:end if end >= 0 else None])


def fix_lines(mistake) -> tuple[str, str]:
    """A mistake's lines as on the slide(s) and as in ours."""
    slide, ours = [], []
    for name, (slide_code, cls, _) in CODES.items():
        if mistake.slide in (name, "both"):
            source = inspect.getsource(cls)
            for fix in mistake.fixes:
                if fix.slide in slide_code:
                    slide.append(_whole_lines(slide_code, fix.slide))
                    ours.append(_whole_lines(source, fix.ours))
    return "\n".join(slide), "\n".join(ours)


def _marked(text: str) -> str:
    """Escape `text` for HTML, with its `code` spans set as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _run_html(run) -> str:
    where = f" <i>(raised at <code>{html.escape(run.line)}</code>)</i>" if run.line else ""
    style = " style='color: var(--body-text-color)'" if run.call.startswith("ours") else ""
    return (f"<code>{html.escape(run.call)}</code><br><span{style}>→ "
            f"{html.escape(run.outcome)}</span>{where}")


PRE = "<pre style='white-space: pre-wrap; margin: .2em 0'>"   # a table cell's code wraps


def mistakes_html(trace) -> str:
    rows = []
    for number, demo in enumerate(trace.demos, start=1):
        mistake = demo.mistake
        slide, ours = fix_lines(mistake)
        runs = "<br><br>".join(_run_html(run) for run in demo.runs)
        where = "both slides" if mistake.slide == "both" else f"{mistake.slide} slide"
        rows.append(
            f"<tr><td>{number}</td><td><b>{_marked(mistake.title)}</b> <i>({where})</i><br>"
            f"{_marked(mistake.why)}</td>"
            f"<td>as on the slide:{PRE}{html.escape(slide)}</pre>"
            f"ours:{PRE}{html.escape(ours)}</pre></td>"
            f"<td class='measured'>{runs}</td></tr>")
    return (f"<p>The slide's <code>RecurrentNeuron</code> exactly as written, run now: "
            f"{_run_html(trace.as_written)}</p>"
            "<p>Below, each mistake on its own, executed now: the slide's code with the "
            "mistakes that would stop it first fixed (for RecurrentNeuron's forward pass, all "
            f"its other mistakes). On CPU, N={trace.N}, input_size={trace.input_size}, "
            f"output_size={trace.output_size}, X of {trace.steps} steps.</p>"
            "<table class='bugs'><thead><tr><th>#</th><th>mistake</th><th>the fix</th>"
            "<th>what running it does</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def check_sizes(L, N, input_size, output_size) -> tuple[int, int, int, int]:
    sizes = [whole_number(name, value, 1, LIMITS[name])
             for name, value in zip(LIMITS, (L, N, input_size, output_size))]
    L, N, i, o = sizes
    if L * N * max(i, o) > MAX_ELEMENTS:
        raise InputError(f"L × N × max(input_size, output_size) = {L * N * max(i, o):,} numbers is "
                         f"more than this demo computes ({MAX_ELEMENTS:,}); make one of them smaller.")
    if (i + o) * o > MAX_WEIGHTS:
        raise InputError(f"(input_size + output_size) × output_size = {(i + o) * o:,} weights is "
                         f"more than this demo builds ({MAX_WEIGHTS:,}); make one of them smaller, "
                         "e.g. 724 and 724.")
    work = L * max(N, MIN_BATCH_COST) * (i + o) * o
    if work > MAX_MULTIPLY_ADDS:
        raise InputError(f"L × max(N, {MIN_BATCH_COST}) × (input_size + output_size) × "
                         f"output_size = {work:,} multiply-adds is more than this demo computes "
                         f"per request ({MAX_MULTIPLY_ADDS:,}); make one of them smaller.")
    return L, N, i, o


@handler
def explore_shapes(L, N, input_size, output_size) -> tuple[str, str]:
    L, N, input_size, output_size = check_sizes(L, N, input_size, output_size)
    trace = explain_shapes(L, N, input_size, output_size)
    return shapes_table(trace), mistakes_html(explain_slide_mistakes(N, input_size, output_size))


@handler
def feed_same_token(repeats, seed):
    repeats = whole_number("Repeats", repeats, 2, MAX_REPEATS)
    seed = read_seed(seed)
    trace = explain_statefulness(repeats, seed)
    first, second = trace.recurrent_outputs[0], trace.recurrent_outputs[1]
    changed = float(abs(second - first).max())
    last = float(abs(trace.recurrent_outputs[-1] - trace.recurrent_outputs[-2]).max())
    text = (f"Step 1 vs step 2, same token: the linear neuron changed by "
            f"**{float(abs(trace.linear_outputs[1] - trace.linear_outputs[0]).max()):.4f}**, the "
            f"recurrent neuron by **{changed:.4f}** (largest change over its units); between the "
            f"last two steps by **{last:.4f}** ("
            + ("settled" if last < SETTLED else "not settled: its state still moves")
            + f"). The same "
            f"{trace.repeats} steps run again from h₀ = 0: largest difference "
            f"**{trace.rerun_difference:.4f}**. Computed on **{trace.device}**.")
    return plot(stateful_figure(trace)), text


def build_neurons_tab() -> None:
    gr.Markdown(INTRO, latex_delimiters=LATEX)
    for slide_code, cls, name in CODES.values():
        source = inspect.getsource(cls)  # the very code that runs, not a copy
        note = " (marked “*Untested code.”)" if cls is RecurrentNeuron else ""
        with gr.Row(equal_height=True):
            for code, label in ((slide_code, f"{name} — as on the slide{note}"),
                                (source, f"{name} — ours, corrected: the code this app runs")):
                gr.Code(code, language="python", label=label, interactive=False, wrap_lines=True,
                        lines=max(slide_code.count("\n"), source.count("\n")) + 1)

    gr.Markdown("### Shape explorer — fill in the deck's *Input shape: / Output shape:* blanks")
    defaults = dict(L=7, N=2, input_size=3, output_size=4)
    with gr.Row():
        sizes = [gr.Number(value, label=label, precision=0, elem_id=f"shape-{name}")
                 for (name, value), label in zip(defaults.items(), (
                     "L (sequence length)", "N (batch size)", "input_size", "output_size"))]
    run = gr.Button("Run both neurons", variant="primary", elem_id="shape-run")
    # first answers are computed once at start-up: opening the page costs no request
    first_table, first_bugs = explore_shapes(*defaults.values())
    shapes = gr.Markdown(first_table, elem_id="shape-result")

    with gr.Accordion("The slide's RecurrentNeuron as written, and its Neuron: each mistake "
                      "executed now, and its fix", open=False):
        bugs = gr.HTML(first_bugs, elem_id="slide-bugs")

    gr.Markdown(STATEFUL_INTRO, latex_delimiters=LATEX)
    with gr.Row():
        repeats = gr.Slider(2, MAX_REPEATS, value=8, step=1, label="times the token is fed",
                            elem_id="stateful-repeats")
        seed = gr.Number(0, label="seed of the random weights", precision=0,
                         elem_id="stateful-seed")
    first_plot, first_text = feed_same_token(8, 0)
    stateful_plot = gr.Plot(first_plot, elem_id="stateful-plot", show_label=False)
    stateful_text = gr.Markdown(first_text, elem_id="stateful-text")

    gr.on([run.click] + [box.submit for box in sizes], explore_shapes, sizes, [shapes, bugs],
          api_name="neuron_shapes")
    # `change` (not `release`) so that arrow keys on the slider recompute too; always_last drops
    # the intermediate values of a drag instead of queueing one request per pixel
    gr.on([repeats.change, seed.submit], feed_same_token, [repeats, seed],
          [stateful_plot, stateful_text], api_name="stateful", show_progress="hidden",
          trigger_mode="always_last")
