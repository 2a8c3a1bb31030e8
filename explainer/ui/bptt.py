"""View: backpropagation through time — gradients flowing back through a trained tagger on the
user's sentence (vanishing, exploding, clipping), the deck's tiny RNN worked by hand next to
autograd, and truncated BPTT training on a delay task."""
from __future__ import annotations

import gradio as gr
import numpy as np

from ..explain.bptt import CELL_MODELS, explain_gradient_flow
from ..explain.pos import load_tagger
from ..figures.bptt import gradient_norms_figure, unrolled_gradient_figure
from ..figures.labels import literal
from ..figures.bptt_jacobian import jacobian_figure
from .bptt_sections import build_math_section, build_truncation_section
from .bptt_why import num, verdict, why_text
from .errors import handler
from .inputs import flag, one_of, read_sentence, real_number, whole_number
from .player import plot
from .style import LATEX

CELL_CHOICES = [("Elman RNN — trained (elman tagger)", "elman"),
                ("LSTM — trained (slide tagger)", "lstm"),
                ("GRU — untrained: random weights, same sizes", "gru")]
ACTIVATION_CHOICES = [("tanh (as trained)", "tanh"), ("ReLU", "relu"),
                      ("identity (linear)", "identity")]
OWN_TAG = "the tagger's own tag"
GATE_WORDS = {"W_hi": "input", "W_hf": "forget", "W_hg": "candidate", "W_ho": "output",
              "W_hr": "reset", "W_hz": "update", "W_hn": "candidate"}
RADIUS_RANGE = (0.1, 4.0)     # the slider's; the API gets the same check
CLIP_RANGE = (1e-6, 1e6)
START_SENTENCE = ("The cats that my sister feeds every morning before work are always hungry "
                  "again by noon .")

INTRO = r"""
## Backpropagation through time (BPTT)
Training an RNN asks how the loss at one step depends on everything before it. Unrolled, the
network is one long chain, and the chain rule walks it backwards, one step at a time (gradients
are row vectors, like the states $h_t$ on the slide):
$$\frac{\partial L}{\partial h_t} = \frac{\partial L}{\partial h_{t+1}}\,
  \frac{\partial h_{t+1}}{\partial h_t}$$
Each step multiplies by another Jacobian $J_{t+1} = \partial h_{t+1}/\partial h_t$, a matrix. What
decides whether the product of many of them **vanishes** or **explodes** is not one number "above or
below one" but how the Jacobians act together: section 1 measures them on a trained tagger.
"""

FLOW_INTRO = r"""
### 1. Gradients through a real network, on your sentence
The loss is the tagger's cross-entropy at one token (by default the last) against a tag (by default
the tagger's own). Autograd runs backwards through the tagger's own step loop; the plots show
$\lVert \partial L / \partial h_t \rVert$ for every earlier token on a **log scale**, and below them
the Jacobian of each step that explains it. Then change the network: rescale the recurrent weights
$W_{hh}$ to a chosen **spectral radius** (largest $|\lambda|$; the LSTM's $W_{hh}$ is four
$H \times H$ blocks, one per gate, the GRU's three: each block is rescaled to it), swap the Elman
cell's activation, clip the gradient. Changes are made on a private copy — and a changed network is
**no longer the trained one**. Try the Elman cell with *identity*, radius 1.2, then 0.8; compare
the LSTM.
"""


def status_line(trace) -> str:
    """A few lines that say what ran and what happened to the gradient."""
    k = trace.loss_step
    grads = trace.hidden_grad[:k + 1]
    decay = trace.decay_per_step
    lines = [f"**{trace.model}** — loss at token {k + 1} “{literal(trace.tokens[k])}” against "
             f"the tag **{trace.target_tag}**: L = {num(trace.loss)}"]
    if np.isfinite(decay) and k > 0:
        lines.append(f"Walking back, $\\lVert\\partial L/\\partial h_t\\rVert$ is multiplied by "
                     f"**{decay:.3g}** per step on average (**{verdict(decay)}**): "
                     f"{num(grads[k])} at “{literal(trace.tokens[k])}” → {num(grads[0])} at "
                     f"“{literal(trace.tokens[0])}”")
    as_run = "" if trace.changed else " (as trained)" if trace.trained else " (untrained)"
    if len(trace.block_names) == 1:
        facts = [f"spectral radius of $W_{{hh}}$ {trace.block_radii[0]:.2f}{as_run}, "
                 f"$\\sigma_{{\\max}}(W_{{hh}})$ {num(trace.sigma_max)}"]
    else:
        blocks = ", ".join(f"${name[0]}_{{{name[2:]}}}$ ({GATE_WORDS[name]}) {r:.2f}"
                           for name, r in zip(trace.block_names, trace.block_radii))
        facts = [f"spectral radius of each gate block of $W_{{hh}}$ "
                 f"({len(trace.block_names)}H × H): {blocks}{as_run}"]
    if trace.clip is not None:
        facts.append(clip_text(trace))
    facts.append(f"{len(trace.tokens)} tokens, {trace.device}, {trace.seconds * 1000:.0f} ms")
    lines.append(" · ".join(facts))
    warnings = [f"⚠ Not the trained model: {change}." for change in trace.changed]
    if trace.cell == "gru":
        warnings.append("⚠ The GRU is **untrained** (no GRU tagger was trained): random weights, "
                        "with the LSTM tagger's word features and output layer.")
    if not trace.finite:
        warnings.append("⚠ The numbers overflowed (the network exploded): lower the radius.")
    return "  \n".join(lines + warnings)


def clip_text(trace) -> str:
    """What the clipping shown here clips, next to what the tagger's training clipped."""
    shape = ("" if len(trace.block_names) == 1 else
             f", all {len(trace.block_names)} gate blocks")
    trained = (f"the {trace.cell_name} tagger was trained with "
               f"`clip_grad_norm_(model.parameters(), {trace.trained_clip:g})`: one norm over "
               "the gradients of all its parameters (embeddings, recurrent cell, output layer) "
               "of a batch's mean loss" if trace.cell != "gru" else "the GRU was never trained")
    return (f"clipping here: the norm of $\\partial L/\\partial W_{{hh}}$ alone (this one "
            f"loss{shape}), {num(trace.weight_grad_total)} → "
            f"{num(trace.weight_grad_total * trace.clip_scale)} (every term "
            f"×{trace.clip_scale:.3g}); {trained}")


def gradient_view(tokens: list[str], cell: str, loss_token: int, radius: float | None,
                  activation: str, clip: float | None, target: str | None = None):
    """(status, unrolled figure, norms figure, why text, Jacobian figure) for valid inputs;
    loss_token is 1-based."""
    trace = explain_gradient_flow(tokens, cell, loss_token - 1, radius,
                                  activation if cell == "elman" else "tanh", clip, target)
    return (status_line(trace), plot(unrolled_gradient_figure(trace)),
            plot(gradient_norms_figure(trace)), why_text(trace), plot(jacobian_figure(trace)))


def check_settings(cell, rescale, radius, activation, clip_on, clip, target):
    """Every setting as sent (the events skip Gradio's preprocessing), checked here."""
    one_of(cell, CELL_MODELS, "Choose a cell: Elman, LSTM or GRU.")
    one_of(activation, ACTIVATION_CHOICES, "Choose an activation: tanh, ReLU or identity.")
    rescale, clip_on = flag("rescale W_hh", rescale), flag("clip", clip_on)
    radius = real_number("The spectral radius", radius, *RADIUS_RANGE) if rescale else None
    clip = real_number("The clipping threshold", clip, *CLIP_RANGE) if clip_on else None
    tags = load_tagger(CELL_MODELS[cell]).vocab.tags.tokens
    target = one_of(target, [OWN_TAG, None, *tags],
                    f"Choose the target tag from the list ({', '.join(tags)}).")
    return radius, clip, None if target == OWN_TAG else target


def token_slider(tokens: int, value: int) -> dict:
    """The loss-token slider over a sentence of `tokens` tokens. A slider's minimum must stay
    below its maximum: a one-token sentence gets the range 1-2, fixed at 1."""
    return gr.update(maximum=max(tokens, 2), value=value, interactive=tokens > 1)


def _answer(text, cell, loss_token, rescale, radius, activation, clip_on, clip, target):
    tokens, note = read_sentence(text)
    radius, clip, target = check_settings(cell, rescale, radius, activation, clip_on, clip, target)
    token = len(tokens) if loss_token is None else min(
        whole_number("The loss token", loss_token, 1, 10**6), len(tokens))
    status, *figures = gradient_view(tokens, cell, token, radius, activation, clip, target)
    if cell != "elman" and activation != "tanh":
        status += "  \n(The activation applies to the Elman cell only; gated cells keep theirs.)"
    status += f"  \n⚠ {note}" if note else ""
    return status, *figures, token_slider(len(tokens), token)


@handler
def backpropagate(text, cell, rescale, radius, activation, clip_on, clip, target):
    """A new sentence: the loss at its last token."""
    return _answer(text, cell, None, rescale, radius, activation, clip_on, clip, target)


@handler
def backpropagate_from(text, cell, loss_token, rescale, radius, activation, clip_on, clip,
                       target):
    """The same sentence, the loss at the chosen token (1-based) and the chosen settings. The
    token slider is left as it is (its range is the sentence's: set when it was submitted); a
    token past the end of an edited, unsubmitted sentence is read as its last, and the status
    line says which token it used."""
    return _answer(text, cell, loss_token, rescale, radius, activation, clip_on, clip, target)[:5]


def activation_choice(cell):
    """Only the Elman cell's activation can be swapped: the choice is greyed out for the others."""
    return gr.update(interactive=cell == "elman")


def build_flow_section() -> None:
    defaults = dict(cell="elman", rescale=False, radius=1.0, activation="tanh", clip_on=False,
                    clip=1.0, target=OWN_TAG)
    first = backpropagate(START_SENTENCE, *defaults.values())  # computed once, at start-up
    gr.Markdown(FLOW_INTRO, latex_delimiters=LATEX)
    with gr.Row():
        text = gr.Textbox(START_SENTENCE, label="Sentence", scale=3, elem_id="bptt-text")
        cell = gr.Radio(CELL_CHOICES, value=defaults["cell"], label="Cell", scale=2,
                        elem_id="bptt-cell")
    with gr.Row():
        loss_token = gr.Slider(1, first[5]["maximum"], value=first[5]["value"], step=1,
                               label="loss at token", elem_id="bptt-loss-token", scale=2)
        tags = [OWN_TAG] + load_tagger("slide").vocab.tags.tokens
        target = gr.Dropdown(tags, value=OWN_TAG, label="target tag of that loss",
                             elem_id="bptt-target", scale=1)
    with gr.Row():
        rescale = gr.Checkbox(False, label="rescale W_hh", elem_id="bptt-rescale", scale=1)
        radius = gr.Slider(*RADIUS_RANGE, value=1.0, step=0.05,
                           label="spectral radius of W_hh (LSTM, GRU: of each gate block)",
                           elem_id="bptt-radius", scale=2)
        activation = gr.Radio(ACTIVATION_CHOICES, value="tanh", elem_id="bptt-activation",
                              label="activation (Elman only)", scale=2)
        clip_on = gr.Checkbox(False, label="clip ∂L/∂W_hh (its norm alone)",
                              elem_id="bptt-clip-on", scale=1)
        clip = gr.Number(1.0, label="max norm of ∂L/∂W_hh", elem_id="bptt-clip", scale=1,
                         minimum=0)
    run = gr.Button("Backpropagate", variant="primary", elem_id="bptt-run")
    status = gr.Markdown(first[0], latex_delimiters=LATEX, elem_id="bptt-status")
    graph = gr.Plot(first[1], elem_id="bptt-graph", show_label=False)
    norms = gr.Plot(first[2], elem_id="bptt-norms", show_label=False)
    why = gr.Markdown(first[3], latex_delimiters=LATEX, elem_id="bptt-why")
    jacobians = gr.Plot(first[4], elem_id="bptt-jacobians", show_label=False)

    settings = [rescale, radius, activation, clip_on, clip, target]
    outputs = [status, graph, norms, why, jacobians, loss_token]
    # preprocess=False: the handlers get the values as sent and check every one themselves
    # (check_settings, whole_number), which saves Gradio a thread hop per input: ~3 ms of a
    # request that must stay within 1.5x the no-op floor
    gr.on([run.click, text.submit], backpropagate, [text, cell] + settings, outputs,
          api_name="bptt", trigger_mode="always_last", preprocess=False)
    # `input`, not `change`: a handler's own update of the token slider must not recompute
    gr.on([cell.input, loss_token.input, rescale.input, radius.input, activation.input,
           clip_on.input, clip.submit, target.input],
          backpropagate_from, [text, cell, loss_token] + settings, outputs[:5],
          api_name="bptt_from", show_progress="hidden", trigger_mode="always_last",
          preprocess=False)
    cell.input(activation_choice, cell, activation, api_name="bptt_activation",
               api_visibility="private", show_progress="hidden")


def build_bptt_tab() -> None:
    gr.Markdown(INTRO, latex_delimiters=LATEX)
    build_flow_section()
    build_math_section()
    build_truncation_section()

