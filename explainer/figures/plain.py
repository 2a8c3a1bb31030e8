"""Plain-dict figures: what the views redraw on every request, written in plotly.js's own terms.

A figure is {"data": [dict(type=..., ...)], "layout": {...}} (and "frames" for the player), with
template=theme.TEMPLATE_DICT. Building a go.Figure validates and copies every property: the BPTT
view's two figures took 5 ms of a request and take 0.5 ms as dicts; add_hrect on subplots took
30 ms a call. The tests check every such figure with plotly's validation (tests/conftest.py:
valid_figure). Subplots are laid out by hand (axis domains and anchors); `panel_title` is the
title make_subplots put above each panel; `hline`, `vline`, `hband` and `vband` are the shapes
add_hline, add_vline, add_hrect and add_vrect drew.
"""
from __future__ import annotations

import base64

import numpy as np
import orjson
from _plotly_utils.utils import plotlyjsShortTypes

PANEL_TITLE_SIZE = 16   # px, as make_subplots draws subplot titles


def panel_title(text: str, x: float, y: float = 1.0, size: int = PANEL_TITLE_SIZE) -> dict:
    """A title centred at paper x, sitting on paper y (the top of its panel)."""
    return dict(text=text, x=x, y=y, xref="paper", yref="paper", xanchor="center",
                yanchor="bottom", showarrow=False, font=dict(size=size))


def hline(y: float, **style) -> dict:
    """A line across the whole plot at data height y."""
    return dict(type="line", xref="x domain", yref="y", x0=0, x1=1, y0=y, y1=y, **style)


def vline(x: float, **style) -> dict:
    """A line over the plot's full height at data position x."""
    return dict(type="line", xref="x", yref="y domain", x0=x, x1=x, y0=0, y1=1, **style)


def hband(y0: float, y1: float, **style) -> dict:
    """A rectangle across the whole plot between data heights y0 and y1."""
    return dict(type="rect", xref="x domain", yref="y", x0=0, x1=1, y0=y0, y1=y1, **style)


def vband(x0: float, x1: float, **style) -> dict:
    """A rectangle over the plot's full height between data positions x0 and x1."""
    return dict(type="rect", xref="x", yref="y domain", x0=x0, x1=x1, y0=0, y1=1, **style)


def merged(base: dict, update: dict) -> dict:
    """`base` with `update` written over it, nested dicts merged (as go.Figure's update does)."""
    out = dict(base)
    for key, value in update.items():
        out[key] = (merged(out[key], value) if isinstance(value, dict)
                    and isinstance(out.get(key), dict) else value)
    return out


_SKIPPED = {"geojson", "layer", "layers", "range"}   # keys plotly never turns into typed arrays


def _typed_array(values: np.ndarray, float32: bool):
    """plotly.js's typed-array spec for a numpy array, as plotly's to_typed_array_spec writes it
    (int64 shrunk to the smallest int type that holds it), without its per-array type checks:
    those were most of a 40-token animation's payload time."""
    if values.size == 0:
        return values
    if values.dtype == np.int64:
        low, high = values.min(), values.max()
        values = next((values.astype(t) for t in (np.int8, np.int16, np.int32)
                       if np.iinfo(t).min <= low and high <= np.iinfo(t).max), values)
    elif float32 and values.dtype == np.float64:
        values = values.astype(np.float32)
    code = plotlyjsShortTypes.get(str(values.dtype))
    if code is None:
        return values
    spec = {"dtype": code, "bdata": base64.b64encode(np.ascontiguousarray(values)).decode("ascii")}
    if values.ndim > 1:
        spec["shape"] = str(values.shape)[1:-1]
    return spec


def _encoded(node, float32: bool, key: str | None = None):
    """The dict/list tree copied, numpy arrays as typed-array specs (the figure is untouched)."""
    if isinstance(node, dict):
        return {k: _encoded(v, float32, k) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_encoded(v, float32) for v in node]
    if isinstance(node, np.ndarray) and key not in _SKIPPED:
        return _typed_array(node, float32)
    return node


def plain_figure(figure: dict, float32: bool = False) -> dict:
    """A plain-dict figure with its numpy arrays as plotly's base64 typed arrays (as go.Figure's
    to_json writes them: compact, and exact; float32: float64 arrays halved first), the figure
    itself untouched."""
    return _encoded(figure, float32)


def json_text(node) -> str:
    """JSON by orjson: NaN as null (JSON.parse has no NaN), numpy scalars and arrays as numbers.
    (Plotly's own writer also escapes every "/" of the base64: ~15% bigger.)"""
    return orjson.dumps(node, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def figure_json(figure: dict) -> str:
    """A plain-dict figure as plotly.js reads it: numpy arrays as typed arrays, NaN a gap (null)."""
    return json_text(plain_figure(figure))
