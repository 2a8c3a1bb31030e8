"""Plain-dict figures (explainer.figures.plain): exact typed arrays, the shapes plotly's add_*
helpers drew, and figures/ free of plotly's object layer."""
import ast
import base64
import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from explainer.figures import plain
from explainer.figures.plain import figure_json, hband, hline, merged, plain_figure, vband, vline


def _decoded(spec: dict) -> np.ndarray:
    types = {"i1": np.int8, "i2": np.int16, "i4": np.int32, "f4": np.float32, "f8": np.float64}
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=types[spec["dtype"]])
    return values.reshape([int(n) for n in spec["shape"].split(",")]) if "shape" in spec else values


def test_plain_figures_send_numpy_arrays_as_exact_typed_arrays():
    z = np.array([[0.1, np.nan], [2.5, -1e-30]])
    figure = {"data": [{"type": "heatmap", "z": z, "x": np.arange(2), "y": np.array([-200, 3]),
                        "customdata": np.array([2**40, 1])}],
              "layout": {"xaxis": {"range": np.array([0.0, 1.0])}}}
    sent = json.loads(figure_json(figure))["data"][0]
    assert sent["x"]["dtype"] == "i1" and sent["y"]["dtype"] == "i2"     # int64 made smaller
    np.testing.assert_array_equal(_decoded(sent["z"]), z)                # exact, NaN included
    assert sent["z"]["shape"] == "2, 2" and sent["customdata"] == [2**40, 1]  # too big: a list
    assert json.loads(figure_json(figure))["layout"]["xaxis"]["range"] == [0.0, 1.0]
    halved = plain_figure(figure, float32=True)["data"][0]["z"]
    assert halved["dtype"] == "f4" and np.allclose(_decoded(halved), z, equal_nan=True)
    assert isinstance(figure["data"][0]["z"], np.ndarray)               # the figure is untouched


@pytest.mark.parametrize("draw, shape", [
    (lambda fig: fig.add_hline(y=0.25, line=dict(dash="dot")), hline(0.25, line=dict(dash="dot"))),
    (lambda fig: fig.add_vline(x=3, line=dict(width=2)), vline(3, line=dict(width=2))),
    (lambda fig: fig.add_hrect(y0=0.5, y1=1, fillcolor="#00f", opacity=0.1, line_width=0),
     hband(0.5, 1, fillcolor="#00f", opacity=0.1, line=dict(width=0))),
    (lambda fig: fig.add_vrect(x0=2, x1=4, fillcolor="#888", line_width=0),
     vband(2, 4, fillcolor="#888", line=dict(width=0))),
])
def test_shapes_are_those_plotlys_helpers_draw(draw, shape):
    reference = go.Figure()
    draw(reference)
    assert reference.layout.shapes[0].to_plotly_json() == go.Figure(
        layout=dict(shapes=[shape])).layout.shapes[0].to_plotly_json()


def test_merged_writes_nested_updates_over_a_copy():
    base = {"marker": {"size": 3, "color": "red"}, "x": [1]}
    assert merged(base, {"marker": {"size": 5}, "x": [2]}) == {
        "marker": {"size": 5, "color": "red"}, "x": [2]}
    assert base == {"marker": {"size": 3, "color": "red"}, "x": [1]}


def test_figures_build_dicts_without_plotlys_object_layer():
    """go.Figure validates and copies every property: the views draw on every request."""
    folder = Path(plain.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith(("plotly.graph_objects", "plotly.subplots",
                                         "plotly.express")) for n in names), path.name
