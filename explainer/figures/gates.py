"""Gate pictures of an LSTM (GateTrace) or a GRU (GRUGateTrace): heatmaps, per-token means, the
full equations (KaTeX) and, per token, the same equations with the model's own numbers in (plotly
HTML, drawn inside the animated cell diagrams of lstm_cell.py and gru_cell.py)."""
from __future__ import annotations

import numpy as np

from ..traces.gates import AnyGateTrace
from .labels import escaped, token_labels
from .plain import panel_title
from .theme import COLORS, DIVERGING_SCALE, TEMPLATE_DICT

PANELS = {"lstm": [("input_gate", "input gate i"), ("forget_gate", "forget gate f"),
                   ("candidate", "candidate g"), ("output_gate", "output gate o"),
                   ("cell", "cell c"), ("hidden", "hidden h")],
          "gru": [("reset_gate", "reset gate r"), ("update_gate", "update gate z"),
                  ("candidate", "candidate n"), ("hidden", "hidden h")]}
GATES = PANELS["lstm"]                  # the LSTM's, as before
UNIT_INTERVAL = {"input_gate", "forget_gate", "output_gate", "reset_gate", "update_gate"}
LETTERS = {"input_gate": "i", "forget_gate": "f", "candidate": "g", "output_gate": "o",
           "reset_gate": "r", "update_gate": "z"}


def _scale(name: str):
    """[0, 1] gates: white to the gate's own colour; signed values: the diverging scale."""
    if name in UNIT_INTERVAL:
        return [[0, "#ffffff"], [1, COLORS[name]]], 0.0, 1.0
    bound = 1.0 if name != "cell" else None
    return DIVERGING_SCALE, (-bound if bound else None), bound


def _grid(count: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """(x domain, y domain) of each panel: three columns and two rows for six panels, two and
    two for four, laid out as make_subplots would (spacing 0.06 across, 0.16 down)."""
    columns = 3 if count > 4 else 2
    width = (1 - (columns - 1) * 0.06) / columns
    rows = [(0.58, 1.0), (0.0, 0.42)]
    return [((c * (width + 0.06), c * (width + 0.06) + width), rows[k // columns])
            for k in range(count) for c in [k % columns]]


def direction_words(trace: AnyGateTrace) -> str:
    return "left to right" if trace.direction == 0 else "right to left"


def _title(trace: AnyGateTrace, what: str) -> str:
    if trace.kind == "gru":
        return f"{what} — {trace.model} translator's GRU encoder, {direction_words(trace)}"
    return f"{what} — {trace.model} tagger, layer {trace.layer + 1}, {direction_words(trace)}"


def gate_heatmaps(trace: AnyGateTrace, token: int = 0, unit: int = 0) -> dict:
    """One heatmap (units x tokens) per gate and state, the selected token's column and unit's
    row framed. A plain-dict figure (redrawn at every token or unit picked: see figures.plain)."""
    T, H = trace.hidden.shape
    labels = token_labels(trace.tokens)
    panels = PANELS[trace.kind]
    data, shapes, titles, layout = [], [], [], {}
    for k, ((name, title), ((left, right), (bottom, top))) in enumerate(
            zip(panels, _grid(len(panels)))):
        n = "" if k == 0 else str(k + 1)
        x, y = f"x{n}", f"y{n}"
        scale, zmin, zmax = _scale(name)
        if name == "cell":
            zmax = float(np.abs(trace.cell).max()) or 1.0
            zmin = -zmax
        # x are unique token labels ("3 cats"): hover names the token with no per-cell text
        data.append(dict(
            type="heatmap", z=getattr(trace, name).T, x=labels, y=list(range(H)),
            colorscale=scale, zmin=zmin, zmax=zmax, showscale=False, xaxis=x, yaxis=y,
            hovertemplate=f"{title}<br>token %{{x}}<br>unit %{{y}}: %{{z:.3f}}<extra></extra>"))
        shapes += [dict(type="rect", xref=x, yref=f"{y} domain", x0=token - 0.5,
                        x1=token + 0.5, y0=0, y1=1,
                        line=dict(color=COLORS["attention"], width=3)),
                   dict(type="rect", xref=f"{x} domain", yref=y, x0=0, x1=1, y0=unit - 0.5,
                        y1=unit + 0.5, line=dict(color="#222", width=1.5, dash="dot"))]
        titles.append(panel_title(title, (left + right) / 2, top))
        layout[f"xaxis{n}"] = dict(anchor=y, domain=[left, right], tickvals=labels,
                                   ticktext=[escaped(t) for t in trace.tokens], tickangle=-45,
                                   tickfont=dict(size=13))
        layout[f"yaxis{n}"] = dict(anchor=x, domain=[bottom, top], autorange="reversed",
                                   showticklabels=False)
    return dict(data=data, layout=dict(
        template=TEMPLATE_DICT, height=640, title=dict(text=_title(trace, "Gates and states")),
        annotations=titles, shapes=shapes, **layout))


def gate_summary(trace: AnyGateTrace) -> dict:
    """Mean of each [0, 1] gate over the units, per token: where does the model forget or
    write? A plain-dict figure (see figures.plain)."""
    steps = list(range(len(trace.tokens)))
    data = [dict(type="scatter", x=steps, y=getattr(trace, name).mean(axis=1), name=title,
                 mode="lines+markers", line=dict(color=COLORS[name]))
            for name, title in PANELS[trace.kind] if name in UNIT_INTERVAL]
    # LSTM: a low f_t drops c_{t-1}; GRU: a low z_t drops h_{t-1} for the candidate n_t
    name, text = (("forget_gate", "forgets most at") if trace.kind == "lstm"
                  else ("update_gate", "lowest z, rewrites h most, at"))
    means = getattr(trace, name).mean(axis=1)
    lowest = int(means.argmin())
    lowest_note = dict(x=lowest, y=float(means[lowest]),
                       text=f"{text} “{escaped(trace.tokens[lowest])}”", showarrow=True,
                       arrowhead=2, ay=40, font=dict(color=COLORS[name]))
    return dict(data=data, layout=dict(
        template=TEMPLATE_DICT, height=400, margin=dict(t=110), annotations=[lowest_note],
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        title=dict(text=_title(trace, "Per-token gate means"), y=0.97),
        xaxis=dict(tickvals=steps, ticktext=[escaped(t) for t in trace.tokens], tickangle=-45),
        yaxis=dict(title=dict(text="mean over units"), range=[0, 1])))


# ---- the equations ------------------------------------------------------------------------

def previous_step(trace: AnyGateTrace) -> str:
    """The index of the state a step read, in sentence order: t-1, or t+1 right to left."""
    return "t-1" if trace.direction == 0 else "t+1"


def _affine_tex(gate: str, p: str, reset: bool = False) -> str:
    """x_t W_i?^T + b_i? + h_p W_h?^T + b_h? for gate letter `gate` (rows: the notation key)."""
    recurrent = f"h_{{{p}}} W_{{h{gate}}}^\\top + b_{{h{gate}}}"
    if reset:
        recurrent = f"r_t \\odot ({recurrent})"
    return f"x_t W_{{i{gate}}}^\\top + b_{{i{gate}}} + {recurrent}"


def equations_latex(trace: AnyGateTrace) -> str:
    """The cell's full equations (KaTeX), as torch.nn.LSTM / torch.nn.GRU compute them, in the
    notation key's row-vector form, with the direction's previous step (t+1 right to left)."""
    p = previous_step(trace)
    H = trace.hidden.shape[1]
    if trace.kind == "lstm":
        lines = [f"i_t &= \\sigma({_affine_tex('i', p)}) && \\text{{input gate}}",
                 f"f_t &= \\sigma({_affine_tex('f', p)}) && \\text{{forget gate}}",
                 f"g_t &= \\tanh({_affine_tex('g', p)}) && \\text{{candidate}}",
                 f"o_t &= \\sigma({_affine_tex('o', p)}) && \\text{{output gate}}",
                 f"c_t &= f_t \\odot c_{{{p}}} + i_t \\odot g_t && \\text{{cell state}}",
                 "h_t &= o_t \\odot \\tanh(c_t) && \\text{hidden state}"]
        stacked = (f"$W_{{hh}} = [W_{{hi}}; W_{{hf}}; W_{{hg}}; W_{{ho}}]$ stacks the four "
                   f"blocks ({4 * H} × {H}), as `torch.nn.LSTM` stores them")
        source = "the tagger's own step loop"
    else:
        lines = [f"r_t &= \\sigma({_affine_tex('r', p)}) && \\text{{reset gate}}",
                 f"z_t &= \\sigma({_affine_tex('z', p)}) && \\text{{update gate}}",
                 f"n_t &= \\tanh({_affine_tex('n', p, reset=True)}) && \\text{{candidate}}",
                 f"h_t &= (1 - z_t) \\odot n_t + z_t \\odot h_{{{p}}} && \\text{{hidden state}}"]
        stacked = (f"$W_{{hh}} = [W_{{hr}}; W_{{hz}}; W_{{hn}}]$ ({3 * H} × {H}), as "
                   "`torch.nn.GRU` stores them. As in `torch.nn.GRU`, $r_t$ scales "
                   "$h W_{hn}^\\top + b_{hn}$ after the product (Cho et al. 2014 put it "
                   "before: $(r_t \\odot h) W^\\top$); no separate cell state: $h_t$ is the memory")
        source = "the translator's encoder, one step at a time"
    text = ("$$\\begin{aligned} " + " \\\\ ".join(lines) + " \\end{aligned}$$\n\n"
            f"$\\sigma$ is the logistic sigmoid, $\\odot$ the element-wise product; {stacked}. "
            f"The numbers of the unit picked, token by token, are in the diagram ({source}).")
    if trace.direction == 1:
        text += ("\n\n**Right to left**: this direction reads the sentence from its last token, "
                 "so the state a step reads is the one written at the *next* token: "
                 f"$h_{{t+1}}${', $c_{t+1}$' if trace.kind == 'lstm' else ''} in sentence order.")
    return text


INDENT = "\u2003\u2003"     # em spaces: SVG text keeps them, where it collapses plain spaces


def _sub(p: str) -> str:
    return p.replace("-", "−")


def _number(v: float) -> str:
    """-0.456 as (−0.456), so a sum reads + (−0.456)."""
    return f"({v:.3f})".replace("-", "−") if v < 0 else f"{v:.3f}"


def _gate_line(trace: AnyGateTrace, name: str, t: int, unit: int) -> list[str]:
    k = trace.gate_order.index(name)
    g = ("g" if trace.kind == "lstm" else "n") if name == "candidate" else LETTERS[name]
    p = _sub(previous_step(trace))
    x, h = float(trace.input_part[t, k, unit]), float(trace.recurrent_part[t, k, unit])
    value = float(getattr(trace, name)[t, unit])
    squash = "tanh" if name == "candidate" else "σ"
    head = f"<b>{g}<sub>t</sub></b>"
    recurrent = f"h<sub>{p}</sub>W<sub>h{g}</sub><sup>T</sup> + b<sub>h{g}</sub>"
    if trace.kind == "gru" and name == "candidate":
        r = float(trace.reset_gate[t, unit])
        return [f"{head} = tanh(x<sub>t</sub>W<sub>in</sub><sup>T</sup> + b<sub>in</sub> + "
                f"r<sub>t</sub>⊙({recurrent}))",
                f"{INDENT}= tanh({_number(x)} + {r:.3f} × {_number(h)}) = <b>{_number(value)}</b>"]
    return [f"{head} = {squash}(x<sub>t</sub>W<sub>i{g}</sub><sup>T</sup> + b<sub>i{g}</sub> + "
            f"{recurrent})",
            f"{INDENT}= {squash}({_number(x)} + {_number(h)}) = <b>{_number(value)}</b>"]


def equation_lines(trace: AnyGateTrace, t: int, unit: int) -> list[str]:
    """The equations for token t and one unit with the model's numbers in, as plotly HTML lines
    (sub/sup tags). Each gate: its pre-activation's two parts, x_t's and the previous state's,
    as the cell computed them, then the squashed value."""
    p = _sub(previous_step(trace))
    lines = []
    for name in trace.gate_order:
        lines += _gate_line(trace, name, t, unit)
    h = float(trace.hidden[t, unit])
    if trace.kind == "lstm":
        i, f, g, o = (float(getattr(trace, n)[t, unit]) for n in trace.gate_order)
        c, c_prev = float(trace.cell[t, unit]), float(trace.previous("cell")[t, unit])
        lines += [f"<b>c<sub>t</sub></b> = f<sub>t</sub>⊙c<sub>{p}</sub> + "
                  "i<sub>t</sub>⊙g<sub>t</sub>",
                  f"{INDENT}= {f:.3f} × {_number(c_prev)} + {i:.3f} × {_number(g)} = "
                  f"<b>{_number(c)}</b>",
                  f"<b>h<sub>t</sub></b> = o<sub>t</sub>⊙tanh(c<sub>t</sub>) = {o:.3f} × "
                  f"tanh({_number(c)}) = <b>{_number(h)}</b>"]
    else:
        z, n = float(trace.update_gate[t, unit]), float(trace.candidate[t, unit])
        h_prev = float(trace.previous("hidden")[t, unit])
        lines += [f"<b>h<sub>t</sub></b> = (1 − z<sub>t</sub>)⊙n<sub>t</sub> + "
                  f"z<sub>t</sub>⊙h<sub>{p}</sub>",
                  f"{INDENT}= {1 - z:.3f} × {_number(n)} + {z:.3f} × {_number(h_prev)} = "
                  f"<b>{_number(h)}</b>"]
    return lines
