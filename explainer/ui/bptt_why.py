"""The BPTT view's "why it vanishes" text: every number in it read off the trace the learner sees
(the Jacobian of each step, the gates on the diagonal path, both trained taggers compared), every
verdict chosen by those numbers. Pascanu, Mikolov & Bengio (2013), "On the difficulty of training
recurrent neural networks", for the bound."""
from __future__ import annotations

import math

import numpy as np

from ..figures.bptt_jacobian import carry_products, measured_ratio
from ..figures.labels import literal
from ..traces.bptt import GradientFlowTrace

PASCANU = ("Pascanu, Mikolov & Bengio (2013), *On the difficulty of training recurrent neural "
           "networks*")
CONVENTION = (r"States are row vectors, as on the slide: $h_t = \varphi(a_t)$, "
              r"$a_t = x_t v_x^\top + h_{t-1} v_h^\top + b$, where the tagger's $W_{ih}$ and "
              r"$W_{hh}$ are the slide's $v_x$ and $v_h$, $b = b_{ih} + b_{hh}$ (the slide has no "
              r"$\varphi$: the identity). ")
VANISHING, GROWING = 0.9, 1.1        # the status line's verdicts on the decay per step
FLAT = 0.1                           # φ'(a) below this: tanh is flat there (|a| > 1.82)


def num(x: float) -> str:
    """A number in running text: 0.131, 3.83, 6,012, $2.1 \\times 10^{-5}$."""
    if not np.isfinite(x):
        return "overflow"
    if x == 0 or 1e-3 <= abs(x) < 1e3:
        return f"{x:.3g}"
    if 1e3 <= abs(x) < 1e6:
        return f"{x:,.0f}"
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


def verdict(decay: float) -> str:
    return ("vanishing" if decay < VANISHING else "growing: exploding" if decay > GROWING else
            "about constant")


def steps_to_tenth(decay: float) -> int | None:
    """Steps back until the gradient's norm is a tenth of the loss step's, at this rate."""
    return math.ceil(math.log(0.1) / math.log(decay)) if 0 < decay < 1 else None


def _span(values: np.ndarray) -> str:
    lo, hi = float(np.min(values)), float(np.max(values))
    return num(lo) if f"{lo:.2g}" == f"{hi:.2g}" else f"{num(lo)} to {num(hi)}"


def _elman(trace: GradientFlowTrace) -> list[str]:
    k = trace.loss_step
    slopes, norms = trace.slopes[1:k + 1], trace.jacobian_norm[1:k + 1]
    largest = float(slopes.max())
    bound = trace.sigma_max * largest
    share = float((slopes < FLAT).mean())
    flat = {"tanh": f"**{share:.0%}** of the units' $\\varphi'(a_t)$ over these steps are below "
                    f"{FLAT} — there tanh is flat ($|a| > 1.82$) — and a unit with "
                    "$\\varphi' \\approx 0$ zeroes its row of $J_t$",
            "relu": f"**{share:.0%}** of the units' $\\varphi'(a_t)$ over these steps are 0 "
                    "($a \\le 0$), and each zeroes its row of $J_t$",
            "identity": "the identity's slope is 1 everywhere: $J_t = W_{hh}$"}[trace.activation]
    lines = [
        f"- $\\sigma_{{\\max}}(W_{{hh}})$ = **{num(trace.sigma_max)}**; for comparison its "
        f"spectral radius (largest $|\\lambda|$) is {num(trace.spectral_radius)}. "
        + (f"{PASCANU}: $\\sigma_{{\\max}}(W_{{hh}}) \\cdot \\max\\varphi' < 1$ guarantees "
           f"vanishing. Here it is {num(trace.sigma_max)} × {num(largest)} = **{num(bound)}**"
           + (" < 1: every step must shrink the gradient." if bound < 1 else
              " > 1: no guarantee. Above 1 is necessary for exploding, not sufficient.")),
        f"- Mean $\\varphi'(a_t)$ over the units: **{_span(slopes.mean(axis=1))}** per step: "
        f"{flat}.",
        f"- $\\lVert J_t\\rVert_2$ (spectral norm): **{_span(norms)}** per step"
        + (": above 1 at every step, so no single step must shrink the gradient."
           if norms.min() > 1 else ": below 1 at every step." if norms.max() < 1 else "."),
    ]
    if k > 0:
        product = float(trace.path_norm[0])
        of_norms = float(np.prod(trace.jacobian_norm[1:k + 1]))
        rate = trace.decay_per_step
        line = (f"- Over the {k} steps from “{literal(trace.tokens[k])}” back to "
                f"“{literal(trace.tokens[0])}”: the norm of the product of their Jacobians is "
                f"**{num(product)}**, the product of their norms {num(of_norms)}")
        if product < 1 < of_norms:
            line += (": the product shrinks although the norms multiply to more than 1, "
                     "because the directions the factors stretch do not line up from step to "
                     "step")
        if np.isfinite(rate):
            line += (f". Measured: $\\lVert\\partial L/\\partial h_t\\rVert$ changes "
                     f"**×{rate:.3g}** per step ({verdict(rate)}).")
        lines.append(line)
    return ["#### Why: the Jacobian of each step",
            CONVENTION + "One step back multiplies the gradient by that step's Jacobian:",
            r"$$\frac{\partial L}{\partial h_{t-1}} = \frac{\partial L}{\partial h_t}\,J_t, \quad "
            r"J_t = \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}(\varphi'(a_t))\,"
            r"W_{hh}, \quad \lVert J_t\rVert_2 \le \max\varphi'(a_t)\cdot"
            r"\sigma_{\max}(W_{hh})$$",
            "(entry $(i, j)$ of $J_t$ is $\\partial h_{t,i}/\\partial h_{t-1,j}$). On this run, "
            "computed now:", "\n".join(lines)]


def _gated(trace: GradientFlowTrace) -> list[str]:
    k = trace.loss_step
    gate = trace.carry_gate[:k + 1]
    H = gate.shape[1]
    lstm = trace.cell == "lstm"
    g = "f" if lstm else "z"
    head = ([r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$, so with $h_{t-1}$ held fixed "
             r"$\partial c_t/\partial c_{t-1} = \operatorname{diag}(f_t)$: a unit whose forget "
             r"gate stays near 1 passes its gradient back almost unchanged, the path the LSTM was "
             r"built for. (The other paths run through $h_{t-1}$ and the gates.)"] if lstm else
            [r"$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$, so with the gates and $n_t$ held "
             r"fixed $\partial h_t/\partial h_{t-1} = \operatorname{diag}(z_t)$. (The other "
             r"paths run through the gates and $n_t$.)"])
    lines = [f"- ${g}_t$ over the units and steps: median **{np.median(gate):.3f}**, "
             f"mean {gate.mean():.3f}, largest {gate.max():.4f}."]
    if k > 0:
        open_units = int((gate[1:] > 0.9).all(axis=0).sum())
        kept = carry_products(gate, k)[0]
        ratio, name = measured_ratio(trace)
        rate = (ratio[0]) ** (1 / k) if ratio[0] > 0 else float("nan")
        lines.append(f"- **{open_units}** of {H} units keep ${g}_t > 0.9$ at every step back "
                     f"to “{literal(trace.tokens[0])}”. Along this path the best unit keeps "
                     f"$\\prod {g}_j$ = **{num(float(kept.max()))}** of its gradient over those "
                     f"{k} steps; on average over the units, {num(float(kept.mean()))}.")
        if np.isfinite(rate):
            lines.append(f"- Measured over every path: $\\lVert\\partial L/\\partial {name}_t"
                         f"\\rVert$ changes **×{rate:.3g}** per step ({verdict(rate)}).")
    title = "the LSTM's cell path" if lstm else "the GRU's direct path (untrained GRU)"
    return [f"#### Why: {title}", " ".join(head) + " On this run, computed now:",
            "\n".join(lines)]


def comparison(trace: GradientFlowTrace) -> str:
    """Both trained taggers on this sentence, loss at the same token: the measured rates, and a
    verdict only where the numbers support it."""
    rates = dict(trace.compared)
    elman, lstm = rates.get("elman", float("nan")), rates.get("lstm", float("nan"))
    if trace.loss_step == 0 or not (np.isfinite(elman) and np.isfinite(lstm)):
        return ""
    text = (f"**Elman vs LSTM, both as trained**, on this sentence with the loss at "
            f"“{literal(trace.tokens[trace.loss_step])}”: $\\lVert\\partial L/\\partial h_t"
            f"\\rVert$ changes ×{elman:.3g} per step through the Elman tagger, ×{lstm:.3g} "
            f"through the LSTM tagger.")
    tenth = steps_to_tenth(elman), steps_to_tenth(lstm)
    if None not in tenth and max(tenth) <= 10:
        text += (f" Both fade within a few tokens (at these rates, to a tenth of the loss step's "
                 f"after {tenth[0]} and {tenth[1]} steps back) — consistent with short "
                 "dependencies: a word's tag depends mostly on the words near it.")
    elif lstm > elman:
        text += (" The LSTM's gradient reaches further back here ("
                 + (f"at this rate, to a tenth after {tenth[1]} steps back" if tenth[1] else
                    "at this rate it does not fade")
                 + (f"; the Elman's after {tenth[0]})." if tenth[0] else ")."))
    return text


def why_text(trace: GradientFlowTrace) -> str:
    """The markdown under the gradient plots (KaTeX with $…$ and $$…$$)."""
    if trace.loss_step == 0:
        return ("#### Why: the Jacobian of each step\n\nThe loss is at the first token: there is "
                "no step to walk back. Choose a later token to see each step's Jacobian.")
    parts = _elman(trace) if trace.cell == "elman" else _gated(trace)
    if not trace.finite:
        parts.append("⚠ This run overflowed: the numbers above are not reliable.")
    return "\n\n".join(parts + [comparison(trace)])
