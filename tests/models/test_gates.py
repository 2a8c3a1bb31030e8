"""LSTM gates of the shipped tagger: invariants, figures that follow the trace, CPU == GPU."""
import numpy as np
import pytest
import torch
from conftest import valid_figure

from explainer.data.tokenizer import tokenize
from explainer.explain.gates import explain_gates
from explainer.figures.gates import equations_latex, gate_heatmaps, gate_summary
from explainer.figures.lstm_cell import NODES, lstm_cell_figure, node_values
from explainer.models.tagger import Tagger

SENTENCE = tokenize("I love purple cats. Cats are neat.")


@pytest.fixture(scope="module")
def slide():
    return Tagger.load("slide")


@pytest.fixture(scope="module")
def trace():
    return explain_gates.on_cpu(SENTENCE, "slide")


def test_gate_invariants(trace):
    for gate in (trace.input_gate, trace.forget_gate, trace.output_gate):
        assert gate.min() >= 0 and gate.max() <= 1
    assert np.abs(trace.candidate).max() <= 1
    np.testing.assert_allclose(trace.hidden, trace.output_gate * np.tanh(trace.cell), atol=1e-6)
    c_prev = trace.previous("cell")
    np.testing.assert_allclose(trace.cell, trace.forget_gate * c_prev
                               + trace.input_gate * trace.candidate, atol=1e-5)


def test_gates_are_the_taggers_own_states(slide, trace):
    batch = slide.encode([SENTENCE])
    hidden = slide.explain(batch).records[0][0].hidden[0].numpy()
    np.testing.assert_array_equal(trace.hidden, hidden)


def test_every_layer_and_direction_of_the_best_tagger():
    best = Tagger.load("best")
    backward = explain_gates.on_cpu(SENTENCE, "best", layer=1, direction=1)
    assert backward.hidden.shape == (9, best.config.hidden_size)
    # right to left: the last token is read first, from a zero state
    np.testing.assert_allclose(backward.previous("cell")[-1], 0)
    with pytest.raises(ValueError, match="has 2 layer"):
        explain_gates.on_cpu(SENTENCE, "best", layer=2)


def test_elman_has_no_gates():
    with pytest.raises(ValueError, match="no gates"):
        explain_gates.on_cpu(SENTENCE, "elman")


def test_heatmaps_follow_the_trace(trace):
    fig = valid_figure(gate_heatmaps(trace, token=3, unit=5))
    assert len(fig["data"]) == 6
    np.testing.assert_array_equal(np.asarray(fig["data"][1]["z"]), trace.forget_gate.T)
    assert fig["data"][1]["zmin"] == 0 and fig["data"][1]["zmax"] == 1
    # every panel frames token 3's column and unit 5's row on its own axes
    columns, rows = fig["layout"]["shapes"][::2], fig["layout"]["shapes"][1::2]
    assert [(s["xref"], s["x0"], s["x1"]) for s in columns] == [
        (t["xaxis"], 2.5, 3.5) for t in fig["data"]]
    assert [(s["yref"], s["y0"], s["y1"]) for s in rows] == [
        (t["yaxis"], 4.5, 5.5) for t in fig["data"]]


def test_summary_names_where_it_forgets(trace):
    fig = valid_figure(gate_summary(trace))
    lowest = int(trace.forget_gate.mean(axis=1).argmin())
    assert trace.tokens[lowest] in fig["layout"]["annotations"][0]["text"]


def test_equations_substitute_the_numbers(trace):
    text = equations_latex(trace, token=3, unit=5)
    assert f"{trace.cell[3, 5]:.3f}" in text and f"{trace.forget_gate[3, 5]:.3f}" in text
    assert f"{trace.previous('cell')[3, 5]:.3f}" in text


def test_cell_diagram_has_a_frame_per_token_with_its_values(trace):
    fig = valid_figure(lstm_cell_figure(trace, unit=5))
    assert [f["name"] for f in fig["frames"]] == [f"{i + 1} {t}"
                                                  for i, t in enumerate(trace.tokens)]
    values = node_values(trace, 5)
    names = list(NODES)
    frame = fig["frames"][3]["data"][0]
    cell_text = frame["text"][names.index("cell")]
    assert f"{values['cell'][3]:+.2f}" in cell_text
    assert f"{trace.forget_gate[3, 5]:+.2f}" in frame["text"][names.index("forget_gate")]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA (runs on the GPU machine)")
@pytest.mark.parametrize("name,layer,direction", [("slide", 0, 0), ("best", 1, 1)])
def test_gpu_trace_equals_cpu_trace(name, layer, direction):
    cpu = explain_gates.on_cpu(SENTENCE, name, layer, direction)
    gpu = explain_gates(SENTENCE, name, layer, direction)       # the shared CUDA copy
    assert gpu.device.startswith("CUDA (") and cpu.device == "CPU"
    for field in ("input_gate", "forget_gate", "candidate", "output_gate", "cell", "hidden"):
        np.testing.assert_allclose(getattr(gpu, field), getattr(cpu, field), atol=1e-4,
                                   err_msg=field)
