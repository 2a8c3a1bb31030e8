"""The BPTT view's second and third parts: the deck's tiny RNN by hand next to autograd, and
truncated BPTT trained live on a delay task (curves kept per user in gr.State)."""
from __future__ import annotations

import re

import gradio as gr

from ..explain.bptt import explain_tiny_scalar, explain_tiny_vector
from ..explain.live import MAX_DELAY, train_truncated
from ..explain.live import TRUNCATION_MAX_SECONDS as MAX_SECONDS
from ..explain.live import TRUNCATION_STEPS as STEPS
from ..figures.bptt import accuracy_figure, reach, truncation_figure
from ..figures.bptt_math import tiny_latex
from ..models.lagged_copy import LENGTH, SYMBOLS
from ..traces.bptt import TruncationCurve
from .errors import InputError, handler
from .inputs import LIVE_TRAINING, one_of, read_seed, real_number, short_text, whole_number
from .later import Later, show_when_ready
from .player import plot
from .style import LATEX

MAX_TINY_STEPS = 6
MAX_VALUE = 100.0
MAX_CURVES = 6
SCALAR_DEFAULTS = dict(xs="1, -0.5, 2", v_x=0.5, v_h=0.8, b=0.1, y=1.0, activation="identity")
VECTOR_DEFAULTS = dict(steps=4, seed=0, rescale=False, radius=0.9, activation="tanh")
ACTIVATIONS = [("identity (the deck's)", "identity"), ("tanh", "tanh"), ("ReLU", "relu")]

MATH_INTRO = r"""
### 2. BPTT by hand: the deck's tiny RNN
The deck's recurrence, as on the slide, $h_t = x_t v_x^\top + h_{t-1} v_h^\top + b$ (the slide
writes $x$ for $x_t$), and its loss, which the slide writes $y = \tfrac12(\hat y - y)^2$: the left
side should be the loss $L$, not the target $y$, so $L = \tfrac12(\hat y - y)^2$. Worked through
with numbers (the slide's recurrence has no activation: choose $\varphi$ = identity for it, or
tanh, ReLU). The code derives every gradient by hand — explicit loops over the **sum over paths**,
one product of Jacobians per path — and autograd computes the same gradients independently; the
last table compares the two. Change the numbers and watch the terms.
"""

TRUNCATION_INTRO = rf"""
### 3. Truncated BPTT: what the cut costs
Long sequences are trained in chunks of $k$ steps: the state flows on from chunk to chunk, the
gradient does **not** (PyTorch: `h = h.detach()` every $k$ steps). Here a small Elman RNN learns a
task this app generates: read random symbols (one of {SYMBOLS}) and, at every step, **output the
symbol from $D$ steps ago**. A loss can only teach the dependency if its gradient reaches back $D$
steps. Each run trains a fresh network from the same seed on the same data for {STEPS} updates
(a few seconds); only $k$ differs. Add one curve per $k$.

(With $k \le D$ a network can still do a little better than chance: the state carries the past
forward even where the gradient is cut, and the random weights already mix the last inputs into
it. To learn the delay, the gradient must reach back $D$ steps: compare the curves.)
"""


# ---- BPTT by hand ----------------------------------------------------------------------------

def _value(name: str, value) -> float:
    """One of the tiny RNN's numbers (an input, a weight, the target): at most ±MAX_VALUE."""
    return real_number(name, value, -MAX_VALUE, MAX_VALUE)


def read_inputs(text: str | None) -> list[float]:
    """"1, -0.5, 2" -> [1.0, -0.5, 2.0]; commas, semicolons or spaces between numbers."""
    message = (f"Type 1 to {MAX_TINY_STEPS} inputs x_1 … x_T separated by commas, "
               f"e.g. “1, -0.5, 2”.")
    items = [item for item in re.split(r"[,;\s]+", short_text(text, 200, message).strip())
             if item]
    if not 1 <= len(items) <= MAX_TINY_STEPS:
        raise InputError(message)
    return [_value(f"Input x_{i + 1}", item) for i, item in enumerate(items)]


def _activation(value) -> str:
    return one_of(value, ACTIVATIONS, "Choose an activation: identity, tanh or ReLU.")


@handler
def work_scalar(xs, v_x, v_h, b, y, activation):
    trace = explain_tiny_scalar(read_inputs(xs), _value("v_x", v_x), _value("v_h", v_h),
                                _value("b", b), _value("y", y), _activation(activation))
    return tiny_latex(trace)


@handler
def work_vector(steps, seed, rescale, radius, activation):
    steps = whole_number("Steps", steps, 1, MAX_TINY_STEPS)
    seed = read_seed(seed)
    radius = _value("The spectral radius", radius) if rescale else None
    if radius is not None and radius <= 0:
        raise InputError("The spectral radius must be above 0, e.g. 0.5 or 1.5.")
    return tiny_latex(explain_tiny_vector(steps, seed, radius, _activation(activation)))


def _columns(elem_id: str, texts: tuple[str, str]) -> list[gr.Markdown]:
    """The worked example side by side: forward pass | backward pass."""
    with gr.Row(elem_id=elem_id, equal_height=False):
        return [gr.Markdown(text, latex_delimiters=LATEX, elem_id=f"{elem_id}-{side}")
                for text, side in zip(texts, ("forward", "backward"))]


def build_math_section() -> None:
    gr.Markdown(MATH_INTRO, latex_delimiters=LATEX)
    with gr.Tabs(elem_id="bptt-math-tabs"):      # ids: a link to the vector's inputs opens it
        with gr.Tab("Scalar — the deck's", id="bptt-scalar", elem_id="bptt-scalar-tab"):
            with gr.Row():
                xs = gr.Textbox(SCALAR_DEFAULTS["xs"], label="inputs x_1 … x_T", scale=2,
                                elem_id="bptt-xs")
                numbers = [gr.Number(SCALAR_DEFAULTS[name], label=name, elem_id=f"bptt-{name}",
                                     scale=1) for name in ("v_x", "v_h", "b", "y")]
                act = gr.Radio(ACTIVATIONS, value="identity", label="φ", scale=2,
                               elem_id="bptt-scalar-act")
            scalar_out = _columns("bptt-scalar", work_scalar(*SCALAR_DEFAULTS.values()))
        with gr.Tab("Vector — 2 units", id="bptt-vector", elem_id="bptt-vector-tab"):
            with gr.Row():
                steps = gr.Slider(1, MAX_TINY_STEPS, value=4, step=1, label="steps T",
                                  elem_id="bptt-steps")
                seed = gr.Number(0, label="seed of the random weights and inputs", precision=0,
                                 elem_id="bptt-seed")
                rescale = gr.Checkbox(False, label="rescale W_h", elem_id="bptt-vec-rescale")
                radius = gr.Slider(0.1, 3.0, value=0.9, step=0.05, label="spectral radius of W_h",
                                   elem_id="bptt-vec-radius")
                vec_act = gr.Radio(ACTIVATIONS, value="tanh", label="φ",
                                   elem_id="bptt-vector-act")
            vector_out = _columns("bptt-vector", work_vector(*VECTOR_DEFAULTS.values()))
    scalar_in = [xs, *numbers, act]
    gr.on([xs.submit, act.input] + [n.submit for n in numbers], work_scalar, scalar_in,
          scalar_out, api_name="bptt_math_scalar", trigger_mode="always_last")
    gr.on([steps.input, seed.submit, rescale.input, radius.input, vec_act.input],
          work_vector, [steps, seed, rescale, radius, vec_act], vector_out,
          api_name="bptt_math_vector", trigger_mode="always_last")


# ---- truncated BPTT ----------------------------------------------------------------------------

def _check_run(delay, truncate) -> tuple[int, int]:
    return (whole_number("The delay D", delay, 1, MAX_DELAY),
            whole_number("k", truncate, 1, LENGTH))


def reach_note(delay: int, truncate: int) -> str:
    """Which outputs' gradients reach the input they need."""
    needing = range(delay, LENGTH)
    reached = sum(1 for t in needing if reach(truncate, LENGTH)[t] >= delay)
    if truncate >= LENGTH:
        return f"Full BPTT: every output's gradient reaches the input {delay} steps back."
    if not reached:
        return (f"With chunks of k = {truncate} ≤ D = {delay} steps, **no** output's gradient "
                f"reaches the input it needs (a loss reaches back at most {truncate - 1}).")
    return (f"With chunks of k = {truncate}, {reached} of the {len(needing)} outputs (those at "
            f"least D = {delay} steps into their chunk) send gradient back to the input they need.")


@handler
def show_cuts(delay, truncate):
    delay, truncate = _check_run(delay, truncate)
    return plot(truncation_figure(delay, truncate, LENGTH)), reach_note(delay, truncate)


@handler
def train_with_truncation(delay, truncate, curves):
    """Train with chunks of k; stream the new curve next to this user's earlier ones (same D)."""
    delay, truncate = _check_run(delay, truncate)
    kept = [c for c in (curves or ()) if c.delay == delay and c.truncate != truncate]
    kept = kept[-(MAX_CURVES - 1):]
    for curve in train_truncated(delay, truncate):
        name = "full BPTT" if curve.full else f"k = {truncate}"
        status = (f"{name}, D = {delay}: update {curve.steps[-1]} of {STEPS}, accuracy on new "
                  f"sequences **{curve.accuracy[-1]:.0%}** (chance {curve.chance:.0%}) · "
                  f"{curve.seconds:.1f} s"
                  + (f" · stopped: {curve.stopped}" if curve.stopped else "")
                  + (f" · **done**\n\n{reach_note(delay, truncate)}" if curve.done else ""))
        yield (status, plot(accuracy_figure(kept + [curve])),
               tuple(kept + [curve]) if curve.done else gr.skip())


def first_curves(delay: int, ks: tuple[int, ...]) -> tuple[TruncationCurve, ...]:
    """Trained once, as the server starts (about a second each); a loaded machine gets shorter
    curves."""
    return tuple(list(train_truncated(delay, k, max_seconds=3.0))[-1] for k in ks)


def build_truncation_section() -> None:
    delay0, k0 = 4, 4
    # trained once, in the background as the server starts (ui/later.py), shown when ready
    curves0 = Later("the first truncation curves", lambda: first_curves(delay0, (k0, LENGTH)))
    gr.Markdown(TRUNCATION_INTRO, latex_delimiters=LATEX)
    with gr.Row():
        delay = gr.Slider(1, MAX_DELAY, value=delay0, step=1, label="delay D (steps back)",
                          elem_id="bptt-delay")
        truncate = gr.Slider(1, LENGTH, value=k0, step=1, elem_id="bptt-k",
                             label=f"truncation k (chunk length; {LENGTH} = full BPTT)")
    figure0, note0 = show_cuts(delay0, k0)
    cuts = gr.Plot(figure0, elem_id="bptt-cuts", show_label=False)
    note = gr.Markdown(note0, elem_id="bptt-reach")
    with gr.Row():
        train = gr.Button("Train with this k", variant="primary", elem_id="bptt-train")
        clear = gr.Button("Clear the curves", elem_id="bptt-clear")
    trained = (f"Curves for D = {delay0}, k = {k0} and full BPTT were trained when the server "
               f"started; train another k to add its curve (at most {MAX_SECONDS:.0f} s).")
    status = gr.Markdown(f"Training the curves for D = {delay0}, k = {k0} and full BPTT (the "
                         "server trains them once, as it starts)…", elem_id="bptt-train-status")
    curve_plot = gr.Plot(plot(accuracy_figure([])), elem_id="bptt-curves", show_label=False)
    curves = gr.State(())
    show_when_ready(curves0, lambda first: (trained, plot(accuracy_figure(list(first))), first),
                    [status, curve_plot, curves], api_name="bptt_first_curves")

    gr.on([delay.input, truncate.input], show_cuts, [delay, truncate], [cuts, note],
          api_name="bptt_cuts", show_progress="hidden", trigger_mode="always_last")
    # one cap with the POS view's class training: at most two live trainings at once
    train.click(train_with_truncation, [delay, truncate, curves], [status, curve_plot, curves],
                api_name="bptt_truncated", show_progress="minimal", **LIVE_TRAINING)
    clear.click(lambda: ((), plot(accuracy_figure([])), "Cleared: train a k to add its curve."),
                None, [curves, curve_plot, status], api_name="bptt_clear",
                api_visibility="private")
