"""One look for every figure: a small Plotly template and one colour per concept.

Colours are Okabe & Ito's colour-blind-safe palette; a concept (the forget gate, the recurrent
neuron, ...) has the same colour in every view. Backgrounds are transparent and text colours are
overridden by the app's CSS in dark mode (see explainer.ui.style), so figures follow the theme.
"""
from __future__ import annotations

from plotly.colors import get_colorscale

OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999",
}

COLORS = {
    # the two neurons of the first view
    "linear": OKABE_ITO["blue"],
    "recurrent": OKABE_ITO["vermillion"],
    # LSTM / GRU quantities
    "input_gate": OKABE_ITO["green"],
    "forget_gate": OKABE_ITO["vermillion"],
    "candidate": OKABE_ITO["purple"],
    "output_gate": OKABE_ITO["blue"],
    "cell": OKABE_ITO["orange"],
    "hidden": OKABE_ITO["sky"],
    "reset_gate": OKABE_ITO["yellow"],
    "update_gate": OKABE_ITO["green"],
    "input": OKABE_ITO["grey"],
    "attention": OKABE_ITO["orange"],
}

# diverging scale for signed values (tanh outputs, cell states), sequential for [0, 1] gates
DIVERGING = "RdBu_r"
SEQUENTIAL = "Viridis"
# the same scales as [stop, colour] pairs, for plain-dict figures: plotly.js does not know
# python-side names such as "RdBu_r" (stops rounded as plotly's validation writes them)
DIVERGING_SCALE = [[round(stop, 6), colour] for stop, colour in get_colorscale(DIVERGING)]
SEQUENTIAL_SCALE = [[round(stop, 6), colour] for stop, colour in get_colorscale(SEQUENTIAL)]

FONT_SIZE = 18          # legible from the back of a lecture hall
LINE_WIDTH = 4
GRID = "rgba(128,128,128,0.3)"  # reads on white and on near-black

_AXIS = dict(gridcolor=GRID, linecolor=GRID, zerolinecolor=GRID)

# plotly's template schema ({"layout", "data"}), set as layout.template of every figure
TEMPLATE_DICT = {
    "layout": dict(
        colorway=list(OKABE_ITO.values()),
        font=dict(color="#222", family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                  size=FONT_SIZE),
        hoverlabel=dict(font=dict(size=FONT_SIZE)),
        legend=dict(bgcolor="rgba(0,0,0,0)"),
        margin=dict(b=50, l=60, r=20, t=60),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis=dict(_AXIS),
        yaxis=dict(_AXIS)),
    "data": {"scatter": [dict(line=dict(width=LINE_WIDTH), marker=dict(size=10), type="scatter")]},
}


# Universal POS tags, grouped by hue so the groups read at a glance: nominals blue, verbs
# orange, modifiers green, function words purple, numbers and symbols grey (Okabe-Ito based).
UPOS_COLORS = {
    "NOUN": "#0072B2", "PROPN": "#56B4E9", "PRON": "#8EC9EE",
    "VERB": "#E69F00", "AUX": "#F5C766",
    "ADJ": "#009E73", "ADV": "#5CC6A5",
    "ADP": "#CC79A7", "DET": "#B45F91", "CCONJ": "#E3AECB", "SCONJ": "#D893B9", "PART": "#9C4F7B",
    "NUM": "#D55E00", "INTJ": "#F0E442",
    "PUNCT": "#999999", "SYM": "#777777", "X": "#BBBBBB",
}
UPOS_MEANING = {
    "ADJ": "adjective", "ADP": "adposition", "ADV": "adverb", "AUX": "auxiliary",
    "CCONJ": "coordinating conjunction", "DET": "determiner", "INTJ": "interjection",
    "NOUN": "noun", "NUM": "numeral", "PART": "particle", "PRON": "pronoun",
    "PROPN": "proper noun", "PUNCT": "punctuation", "SCONJ": "subordinating conjunction",
    "SYM": "symbol", "VERB": "verb", "X": "other",
}
