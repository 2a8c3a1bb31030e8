"""View: feed-forward vs recurrent — the deck's two code slides, run for real."""
from __future__ import annotations

import html
import inspect

import gradio as gr

from ..explain.neurons import explain_shapes, explain_statefulness
from ..figures.neurons import stateful_figure
from ..models.neurons import SLIDE_RECURRENT_NEURON, Neuron, RecurrentNeuron, slide_bugs
from .errors import InputError, handler
from .inputs import read_seed, whole_number
from .player import plot
from .style import LATEX

LIMITS = {"L": 512, "N": 256, "input_size": 1024, "output_size": 1024}
MAX_ELEMENTS = 4_000_000  # L * N * max(input_size, output_size): the inputs' and outputs' memory
# The recurrent neuron's work, L * N * (input_size + output_size) * output_size multiply-adds,
# with N counted as at least 32: each step reads every weight however small the batch (measured
# 0.04-0.09 ns per unit here, so the largest accepted request takes under a second).
MAX_MULTIPLY_ADDS = 8_000_000_000
MIN_BATCH_COST = 32
MAX_REPEATS = 30

INTRO = r"""
## Feed-forward vs recurrent

A **conventional** (feed-forward) layer maps one fixed-size tensor to another and remembers nothing:
$$z_{FC} = X W^\top + b, \qquad y = \sigma(z_{FC})$$
A **recurrent** layer reads a *sequence* one step at a time and feeds its own output back in as the
state $h$:
$$z_R = x_t W_x^\top + b + h_{t-1} W_h^\top, \qquad h_t = \tanh(z_R)$$
Below is the code of both from the deck, exactly as this app runs it.
"""

STATEFUL_INTRO = r"""
### Stateless vs stateful
Feed the **same token** several times. The linear neuron is *functionally deterministic*: same input,
same output. The recurrent neuron's output also depends on $h_{t-1}$, so the same token gives a
different answer each time until the state settles. (Both neurons are **untrained** here: random
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


def bugs_html(N: int, input_size: int, output_size: int) -> str:
    rows = []
    for number, bug in enumerate(slide_bugs(N, input_size, output_size), start=1):
        rows.append(
            f"<tr><td>{number}</td><td><b>{html.escape(bug.title)}</b><br>{html.escape(bug.why)}"
            f"</td><td><code>{html.escape(bug.slide_code)}</code></td>"
            f"<td><code>{html.escape(bug.fixed_code)}</code></td>"
            f"<td class='measured'>{html.escape(bug.what_happens)}</td></tr>")
    return ("<table class='bugs'><thead><tr><th>#</th><th>mistake</th><th>slide</th>"
            "<th>fixed</th><th>what running it does (measured now, "
            f"N={N}, input_size={input_size}, output_size={output_size})</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def check_sizes(L, N, input_size, output_size) -> tuple[int, int, int, int]:
    sizes = [whole_number(name, value, 1, LIMITS[name])
             for name, value in zip(LIMITS, (L, N, input_size, output_size))]
    L, N, i, o = sizes
    if L * N * max(i, o) > MAX_ELEMENTS:
        raise InputError(f"L × N × max(input_size, output_size) = {L * N * max(i, o):,} numbers is "
                         f"more than this demo computes ({MAX_ELEMENTS:,}); make one of them smaller.")
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
    return shapes_table(trace), bugs_html(N, input_size, output_size)


@handler
def feed_same_token(repeats, seed):
    repeats = whole_number("Repeats", repeats, 2, MAX_REPEATS)
    seed = read_seed(seed)
    trace = explain_statefulness(repeats, seed)
    first, second = trace.recurrent_outputs[0], trace.recurrent_outputs[1]
    changed = float(abs(second - first).max())
    text = (f"Step 1 vs step 2, same token: the linear neuron changed by "
            f"**{float(abs(trace.linear_outputs[1] - trace.linear_outputs[0]).max()):.4f}**, the "
            f"recurrent neuron by **{changed:.4f}** (largest change over its units). "
            f"Computed on **{trace.device}**.")
    return plot(stateful_figure(trace)), text


def build_neurons_tab() -> None:
    gr.Markdown(INTRO, latex_delimiters=LATEX)
    with gr.Row(equal_height=True):
        for cls, label in ((Neuron, "Neuron (feed-forward)"),
                           (RecurrentNeuron, "RecurrentNeuron (corrected)")):
            source = inspect.getsource(cls)  # the very code that runs, not a copy
            gr.Code(source, language="python", label=label, interactive=False, wrap_lines=True,
                    lines=source.count("\n") + 1)

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

    with gr.Accordion("The slide's RecurrentNeuron as written (marked “untested”) — "
                      "and what each of its five mistakes does", open=False):
        gr.Code(SLIDE_RECURRENT_NEURON, language="python", label="as on the slide",
                interactive=False, wrap_lines=True)
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
