"""The slide neurons: shapes, statefulness, parity with torch.nn.RNN, and the slide's bugs."""
import inspect
import json

import gradio as gr
import numpy as np
import pytest
import torch

from explainer.explain.neurons import explain_shapes, explain_statefulness
from explainer.figures.neurons import stateful_figure
from explainer.models.neurons import Neuron, RecurrentNeuron, slide_bugs
from explainer.ui import neurons as view

from conftest import valid_figure


def test_shapes_come_from_running_the_neurons():
    t = explain_shapes(L=5, N=3, input_size=7, output_size=2)
    assert t.linear_input == (3, 7) and t.linear_output == (3, 2)
    assert t.recurrent_input == (5, 3, 7)
    assert t.recurrent_outputs == (5, 3, 2) and t.recurrent_state == (3, 2)
    assert t.device in ("CPU",) or t.device.startswith("GPU")


def test_recurrent_neuron_is_torch_elman_rnn():
    torch.manual_seed(0)
    ours = RecurrentNeuron(4, 3)
    ref = torch.nn.RNN(4, 3)  # (L, N, input) layout, tanh, like the slide
    with torch.no_grad():
        ref.weight_ih_l0.copy_(ours.Wx)
        ref.weight_hh_l0.copy_(ours.Wh)
        ref.bias_ih_l0.copy_(ours.b)
        ref.bias_hh_l0.zero_()
    X = torch.randn(6, 2, 4)
    out, state = ours(X)
    out_ref, state_ref = ref(X)
    torch.testing.assert_close(out, out_ref)
    torch.testing.assert_close(state, state_ref[0])
    # carrying the state over equals running the concatenated sequence
    first, s = ours(X[:2])
    rest, _ = ours(X[2:], s)
    torch.testing.assert_close(torch.cat([first, rest]), out)


def test_linear_neuron_is_sigmoid_of_affine():
    torch.manual_seed(0)
    n = Neuron(3, 2)
    x = torch.randn(4, 3)
    torch.testing.assert_close(n(x), torch.sigmoid(torch.nn.functional.linear(x, n.W, n.b)))


def test_same_token_twice_linear_repeats_recurrent_does_not():
    t = explain_statefulness(repeats=5, seed=3)
    assert t.linear_outputs.shape == t.recurrent_outputs.shape == (5, 4)
    np.testing.assert_array_equal(t.linear_outputs[0], t.linear_outputs[1])
    assert np.abs(t.recurrent_outputs[1] - t.recurrent_outputs[0]).max() > 1e-3
    # deterministic for a seed, different for another
    np.testing.assert_array_equal(t.recurrent_outputs, explain_statefulness(5, 3).recurrent_outputs)
    assert not np.allclose(t.recurrent_outputs, explain_statefulness(5, 4).recurrent_outputs)


def test_stateful_figure_has_one_line_per_unit_and_neuron():
    t = explain_statefulness(repeats=4, seed=0)
    fig = valid_figure(stateful_figure(t))
    assert len(fig["data"]) == 8
    assert fig["data"][0]["y"] == pytest.approx(t.linear_outputs[:, 0].tolist())
    assert fig["data"][4]["y"] == pytest.approx(t.recurrent_outputs[:, 0].tolist())
    assert fig["data"][4]["xaxis"] == "x2" and "Recurrent" in fig["layout"]["annotations"][1]["text"]


def test_each_slide_bug_really_fails():
    bugs = slide_bugs(N=2, input_size=3, output_size=4)
    assert len(bugs) == 5
    assert bugs[0].what_happens.startswith("AttributeError") and "Module" in bugs[0].what_happens
    assert bugs[1].what_happens.startswith("RuntimeError") and "ambiguous" in bugs[1].what_happens
    assert bugs[2].what_happens.startswith("RuntimeError") and "2x3 and 4x3" in bugs[2].what_happens
    assert "(4, 4) instead of (1, 4)" in bugs[3].what_happens
    assert bugs[4].what_happens.startswith("ValueError")


def test_fixed_lines_are_in_the_running_code():
    source = inspect.getsource(RecurrentNeuron)
    for bug in slide_bugs()[1:3] + slide_bugs()[4:]:
        assert bug.fixed_code in source, bug.fixed_code
    assert "nn.Module" in source and "torch.zeros(output_size))" in source


@pytest.mark.parametrize("args,message", [
    ((0, 2, 3, 4), "L must be from 1 to 512; you entered 0"),
    ((-3, 2, 3, 4), "L must be from 1 to 512"),
    ((7, 10**9, 3, 4), "N must be from 1 to 256"),
    ((None, 2, 3, 4), "L is empty"),
    ((2.5, 2, 3, 4), "whole number"),
    ((512, 256, 1024, 4), "make one of them smaller"),
    ((7, 2, float("nan"), 4), "input_size must be a whole number"),
])
def test_bad_sizes_get_a_message(args, message):
    with pytest.raises(gr.Error, match=message):
        view.explore_shapes(*args)


def test_explorer_answer_names_the_shapes():
    table, bugs = view.explore_shapes(7, 2, 3, 4)
    assert "`(7, 2, 3)`" in table and "`(7, 2, 4)`" in table and "`(2, 4)`" in table
    assert bugs.count("<tr>") == 6 and "mat1 and mat2" in bugs


def test_stateful_handler_validates_and_answers():
    plot, text = view.feed_same_token(6, 1)
    fig = json.loads(plot.plot)                       # as gr.Plot sends it
    assert len(fig["data"][0]["x"]) == 6 and "changed by **0.0000**" in text
    with pytest.raises(gr.Error, match="Repeats must be from 2 to 30"):
        view.feed_same_token(1000, 1)
