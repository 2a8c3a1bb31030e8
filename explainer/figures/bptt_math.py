"""The deck's tiny RNN worked through in KaTeX: forward pass, the Jacobian of every step, the sum
over paths with its numbers, and autograd's gradients beside the hand-derived ones.

Pure functions of a TinyBPTTTrace (explainer.traces.bptt): markdown with $…$ and $$…$$ for the
app's KaTeX delimiters.
"""
from __future__ import annotations

import numpy as np

from ..traces.bptt import TinyBPTTTrace

PHI = {"identity": r"a", "tanh": r"\tanh(a)", "relu": r"\max(0, a)"}
PHI_PRIME = {"identity": "1", "tanh": r"1 - \tanh^2(a)", "relu": r"[a > 0]"}


def num(x: float, digits: int = 4) -> str:
    """A number for KaTeX: 0.1234, -2.5, 3.1 \\times 10^{-7}."""
    x = float(x)
    if x == 0:
        return "0"
    if not np.isfinite(x):
        return r"\infty" if x > 0 else r"-\infty"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.{digits}g}"
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def matrix(m: np.ndarray, digits: int = 3) -> str:
    m = np.atleast_2d(m)
    rows = r" \\ ".join(" & ".join(num(v, digits) for v in row) for row in m)
    return rf"\begin{{pmatrix}} {rows} \end{{pmatrix}}"


def vector(v: np.ndarray, digits: int = 3) -> str:
    return matrix(np.asarray(v).reshape(-1, 1), digits)


def _value(x: np.ndarray, digits: int = 4) -> str:
    return num(float(x), digits) if np.size(x) == 1 else matrix(x, digits)


def _table(trace: TinyBPTTTrace, rows: list[tuple[str, list[str]]]) -> str:
    """A markdown table with one column per step t = 1 … T."""
    T = len(trace.xs)
    head = "| $t$ | " + " | ".join(str(t) for t in range(1, T + 1)) + " |\n"
    rule = "|---" * (T + 1) + "|\n"
    return head + rule + "\n".join(f"| {name} | " + " | ".join(cells) + " |"
                                    for name, cells in rows)


def _forward(trace: TinyBPTTTrace) -> str:
    act = trace.activation
    T = len(trace.xs)
    if trace.scalar:
        v_x, v_h, b = (float(trace.W_x[0, 0]), float(trace.W_h[0, 0]), float(trace.b[0]))
        head = (f"$$a_t = x_t v_x^\\top + h_{{t-1}} v_h^\\top + b, \\qquad "
                f"h_t = \\varphi(a_t) = {PHI[act]}$$\n\n"
                "(the slide's $h_t = x v_x^\\top + h_{t-1} v_h^\\top + b$, with $x_t$ for its "
                "$x$ and a choice of $\\varphi$; scalars here, so $v^\\top = v$)\n\n"
                f"$$v_x = {num(v_x)},\\; v_h = {num(v_h)},\\; b = {num(b)},\\; h_0 = 0$$")
        rows = [("$x_t$", [f"${num(trace.xs[t, 0])}$" for t in range(T)]),
                ("$a_t$", [f"${num(trace.xs[t, 0])} \\cdot {num(v_x)} + {num(trace.hidden[t, 0])}"
                           f" \\cdot {num(v_h)} + {num(b)} = {num(trace.pre_activation[t, 0])}$"
                           for t in range(T)]),
                ("$h_t$", [f"${num(trace.hidden[t + 1, 0])}$" for t in range(T)])]
        read = f"\\hat y = h_T = {num(trace.prediction)}"
    else:
        head = (f"$$a_t = W_x x_t + W_h h_{{t-1}} + b, \\qquad "
                f"h_t = \\varphi(a_t) = {PHI[act]}$$\n\n"
                "Column form here ($x_t$, $h_t$ column vectors): the slide's row form "
                "$h_t = x_t v_x^\\top + h_{t-1} v_h^\\top + b$ transposed, with $W_x = v_x$, "
                "$W_h = v_h$. The Jacobian $\\partial h_t/\\partial h_{t-1}$ (entry $(i, j)$ = "
                "$\\partial h_{t,i}/\\partial h_{t-1,j}$) is the same matrix in both forms.\n\n"
                f"$$W_x = {matrix(trace.W_x)},\\; W_h = {matrix(trace.W_h)},\\; "
                f"b = {vector(trace.b)},\\; u = {vector(trace.u)},\\; h_0 = 0$$\n\n"
                f"Spectral radius of $W_h$ (largest $|\\lambda|$): "
                f"**{np.abs(np.linalg.eigvals(trace.W_h)).max():.3f}** · largest singular value "
                f"$\\sigma_{{\\max}}(W_h)$: **{sigma_max(trace.W_h):.3f}**")
        rows = [("$x_t$", [f"${vector(trace.xs[t], 2)}$" for t in range(T)]),
                ("$a_t$", [f"${vector(trace.pre_activation[t])}$" for t in range(T)]),
                ("$h_t$", [f"${vector(trace.hidden[t + 1])}$" for t in range(T)])]
        read = f"\\hat y = u \\cdot h_T = {num(trace.prediction)}"
    loss = (f"$${read}, \\qquad L = \\tfrac12 (\\hat y - y)^2 = \\tfrac12 ({num(trace.prediction)}"
            f" - {num(trace.target)})^2 = {num(trace.loss)}$$\n\n"
            "(The slide writes this loss $y = \\tfrac12(\\hat y - y)^2$; its left side should be "
            "the loss $L$.)")
    return "#### Forward\n" + head + "\n\n" + _table(trace, rows) + "\n\n" + loss


def _jacobians(trace: TinyBPTTTrace) -> str:
    T = len(trace.xs)
    if trace.scalar:
        general = r"\varphi'(a_t)\, v_h"
        rows = [("$\\varphi'(a_t)$", [f"${num(trace.slopes[t, 0])}$" for t in range(T)]),
                ("$\\partial h_t / \\partial h_{t-1}$",
                 [f"${num(trace.jacobians[t, 0, 0])}$" for t in range(T)])]
    else:
        general = r"\operatorname{diag}(\varphi'(a_t))\, W_h"
        rows = [("$\\varphi'(a_t)$", [f"${vector(trace.slopes[t])}$" for t in range(T)]),
                ("$\\partial h_t / \\partial h_{t-1}$",
                 [f"${matrix(trace.jacobians[t])}$" for t in range(T)])]
    return ("#### One step back: the Jacobian of each step\n"
            f"$$\\frac{{\\partial h_t}}{{\\partial h_{{t-1}}}} = {general}, \\qquad "
            f"\\varphi'(a) = {PHI_PRIME[trace.activation]}$$\n\n" + _table(trace, rows))


def _scalar_paths(trace: TinyBPTTTrace) -> str:
    T = len(trace.xs)
    error = trace.prediction - trace.target
    v_h = next(p for p in trace.parameters if p.name == "v_h")
    lines = []
    for t in range(1, T + 1):
        chain = " \\cdot ".join(f"\\underbrace{{{num(trace.jacobians[j - 1, 0, 0])}}}"
                                f"_{{\\partial h_{j}/\\partial h_{{{j - 1}}}}}"
                                for j in range(T, t, -1)) or "1"
        slope = trace.slopes[t - 1, 0]
        lines.append(f"t={t}: && {num(error)} \\cdot {chain} \\cdot \\underbrace{{{num(slope)} "
                     f"\\cdot {num(trace.hidden[t - 1, 0])}}}_{{\\varphi'(a_{t})\\, h_{{{t - 1}}}}}"
                     f" &&= {num(v_h.terms[t - 1])}")
    body = r" \\ ".join(lines)
    return ("#### The sum over paths, for the recurrent weight $v_h$\n"
            "$v_h$ is used at every step; the loss reaches step $t$'s use only along "
            "$h_t \\to h_{t+1} \\to \\dots \\to h_T$, one Jacobian per step walked back:\n"
            f"$$\\frac{{\\partial L}}{{\\partial v_h}} = \\sum_{{t=1}}^{{{T}}} (\\hat y - y)"
            f"\\prod_{{j=t+1}}^{{{T}}} \\frac{{\\partial h_j}}{{\\partial h_{{j-1}}}} \\cdot "
            f"\\frac{{\\partial^+ h_t}}{{\\partial v_h}}$$\n\n"
            f"$$\\begin{{aligned}} {body} \\end{{aligned}}$$\n\n"
            f"$$\\frac{{\\partial L}}{{\\partial v_h}} = "
            f"{' + '.join(f'({num(v)})' for v in v_h.terms)} = {num(v_h.hand)}$$")


def _vector_paths(trace: TinyBPTTTrace) -> str:
    T = len(trace.xs)
    W_h = next(p for p in trace.parameters if p.name == "W_h")
    rows = "\n".join(
        f"| {t} | ${matrix(trace.path_products[t - 1])}$ | ${vector(trace.hidden_grads[t])}$ | "
        f"${matrix(W_h.terms[t - 1])}$ | {num(np.linalg.norm(W_h.terms[t - 1]), 3)} |"
        for t in range(T, 0, -1))
    return ("#### The sum over paths, for the recurrent weight $W_h$\n"
            f"$$\\frac{{\\partial L}}{{\\partial W_h}} = \\sum_{{t=1}}^{{{T}}} "
            f"\\Big(\\underbrace{{(J_T \\cdots J_{{t+1}})^\\top (\\hat y - y)\\, u}}"
            f"_{{\\partial L/\\partial h_t}} \\odot \\varphi'(a_t)\\Big)\\, h_{{t-1}}^\\top, "
            f"\\qquad J_j = \\frac{{\\partial h_j}}{{\\partial h_{{j-1}}}}$$\n\n"
            "| $t$ | path product $\\partial h_T/\\partial h_t$ | $\\partial L/\\partial h_t$ "
            "| term $t$ of $\\partial L/\\partial W_h$ | its size $\\lVert\\cdot\\rVert$ |\n"
            "|---|---|---|---|---|\n" + rows +
            "\n\n" + _vanishing_note(trace))


def sigma_max(m: np.ndarray) -> float:
    return float(np.linalg.norm(m, 2))


def _vanishing_note(trace: TinyBPTTTrace) -> str:
    """Pascanu et al. (2013)'s sufficient condition, evaluated on this run."""
    s, slope = sigma_max(trace.W_h), float(trace.slopes.max())
    bound = s * slope
    text = ("The further back the step, the longer the product of Jacobians. Each step's "
            "$\\lVert J_t\\rVert_2 \\le \\max\\varphi'(a_t)\\,\\sigma_{\\max}(W_h)$, so "
            "$\\sigma_{\\max}(W_h)\\cdot\\max\\varphi' < 1$ guarantees that "
            "$\\partial L/\\partial h_t$ shrinks geometrically the further back $t$ — "
            "**vanishing** (Pascanu, Mikolov & Bengio 2013). "
            f"Here: {num(s, 4)} × {num(slope, 4)} = **{num(bound, 4)}**")
    if bound < 1:
        return text + " < 1: guaranteed to vanish."
    return text + (" ≥ 1: no guarantee. Above 1 is necessary for **exploding** gradients, "
                   "not sufficient.")


def _comparison(trace: TinyBPTTTrace) -> str:
    rows = "\n".join(
        f"| ${p.name}$ | ${_value(p.hand, 6)}$ | ${_value(p.autograd, 6)}$ | "
        f"{np.abs(p.hand - p.autograd).max():.1e} |" for p in trace.parameters)
    return ("#### Hand-derived vs. autograd (float64)\n"
            "| parameter | by hand (sum over paths) | torch autograd | largest difference |\n"
            "|---|---|---|---|\n" + rows +
            f"\n\nLargest difference over every gradient, $\\partial L/\\partial h_t$ included: "
            f"**{trace.max_difference:.1e}** — the same numbers, up to rounding.")


def tiny_latex(trace: TinyBPTTTrace) -> tuple[str, str]:
    """The worked example as two markdown columns with KaTeX: (forward and Jacobians, the sum
    over paths and the comparison with autograd)."""
    paths = _scalar_paths(trace) if trace.scalar else _vector_paths(trace)
    return (_forward(trace) + "\n\n" + _jacobians(trace),
            paths + "\n\n" + _comparison(trace))
