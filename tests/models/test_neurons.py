"""The slide neurons: shapes, statefulness, parity with torch.nn.RNN, the slides' code as in the
deck, and what each of its mistakes does when executed."""
import inspect
import json
import re

import gradio as gr
import numpy as np
import pytest
import torch

from explainer.explain.neurons import (FORWARD_FIXES, explain_shapes, explain_slide_mistakes,
                                       explain_statefulness)
from explainer.figures.neurons import stateful_figure
from explainer.models.neurons import (MISTAKES, SLIDE_NEURON, SLIDE_RECURRENT_NEURON, Neuron,
                                      RecurrentNeuron, mistake, patched)
from explainer.ui import neurons as view

from conftest import ROOT, valid_figure


def test_shapes_come_from_running_the_neurons():
    t = explain_shapes(L=5, N=3, input_size=7, output_size=2)
    assert t.linear_input == (3, 7) and t.linear_output == (3, 2)
    assert t.recurrent_input == (5, 3, 7)
    assert t.recurrent_outputs == (5, 3, 2) and t.recurrent_state == (3, 2)
    assert t.device in ("CPU",) or t.device.startswith("CUDA (")


def test_recurrent_neuron_is_torch_elman_rnn():
    torch.manual_seed(0)
    ours = RecurrentNeuron(4, 3)
    ref = torch.nn.RNN(4, 3)  # (L, N, input) layout, tanh, like the slide
    with torch.no_grad():
        ref.weight_ih_l0.copy_(ours.Wx)
        ref.weight_hh_l0.copy_(ours.Wh)
        ref.bias_ih_l0.copy_(ours.bh)
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
    linear = torch.nn.functional.linear(x, n.W, n.b[:, 0])     # b is a column on the slide
    torch.testing.assert_close(n(x), torch.sigmoid(linear))


def test_same_token_twice_linear_repeats_recurrent_does_not():
    t = explain_statefulness(repeats=5, seed=3)
    assert t.linear_outputs.shape == t.recurrent_outputs.shape == (5, 4)
    np.testing.assert_array_equal(t.linear_outputs[0], t.linear_outputs[1])
    assert np.abs(t.recurrent_outputs[1] - t.recurrent_outputs[0]).max() > 1e-3
    # deterministic for a seed, different for another
    np.testing.assert_array_equal(t.recurrent_outputs, explain_statefulness(5, 3).recurrent_outputs)
    assert not np.allclose(t.recurrent_outputs, explain_statefulness(5, 4).recurrent_outputs)
    # "deterministic given the whole sequence and h0": run again from h0, the same outputs
    assert t.rerun_difference < 1e-6


def test_the_stateful_text_says_what_deterministic_means_for_an_rnn():
    from explainer.ui import neurons
    text = " ".join(neurons.STATEFUL_INTRO.split())
    assert "*functionally deterministic*" in text and "given the **whole sequence**" in text
    status = neurons.feed_same_token(6, 0)[1]
    assert "largest difference **0.0000**" in status
    # "with some weights the state settles; with others it keeps swinging (try seed 3)"
    assert "(settled)" in neurons.feed_same_token(30, 0)[1]
    assert "try seed 3" in text and "not settled" in neurons.feed_same_token(8, 3)[1]
    assert "not settled" in neurons.feed_same_token(30, 3)[1]


def test_stateful_figure_has_one_line_per_unit_and_neuron():
    t = explain_statefulness(repeats=4, seed=0)
    fig = valid_figure(stateful_figure(t))
    assert len(fig["data"]) == 8
    assert fig["data"][0]["y"] == pytest.approx(t.linear_outputs[:, 0].tolist())
    assert fig["data"][4]["y"] == pytest.approx(t.recurrent_outputs[:, 0].tolist())
    assert fig["data"][4]["xaxis"] == "x2" and "Recurrent" in fig["layout"]["annotations"][1]["text"]


DECK = ROOT.parent / "shared" / "deck" / "rnn-lecture-deck.txt"


def _normalised(code: str) -> list[str]:
    """Lines without trailing spaces, without blank lines at either end."""
    return [line.rstrip() for line in code.strip("\n").splitlines()]


@pytest.mark.skipif(not DECK.exists(), reason=f"the lecture deck is not at {DECK}")
def test_slide_code_is_the_decks_character_for_character():
    blocks = re.findall(r"^```\n(.*?)^```", DECK.read_text(encoding="utf-8"), re.S | re.M)
    for shown, name in ((SLIDE_NEURON, "Neuron"), (SLIDE_RECURRENT_NEURON, "RecurrentNeuron")):
        on_slide = [b for b in blocks if b.lstrip("\n").startswith(f"class {name}(")]
        assert len(on_slide) == 1, name
        assert _normalised(shown) == _normalised(on_slide[0]), name


def test_the_tab_shows_the_slide_code_beside_ours():
    with gr.Blocks() as tab:
        view.build_neurons_tab()
    codes = {block.value for block in tab.blocks.values() if isinstance(block, gr.Code)}
    for shown in (SLIDE_NEURON, SLIDE_RECURRENT_NEURON,
                  inspect.getsource(Neuron), inspect.getsource(RecurrentNeuron)):
        assert shown.strip() in codes           # gr.Code keeps the text less its final newline


def test_every_fix_is_on_the_slide_and_in_our_code():
    slides = {"Neuron": (SLIDE_NEURON, Neuron),
              "RecurrentNeuron": (SLIDE_RECURRENT_NEURON, RecurrentNeuron)}
    for m in MISTAKES:
        names = list(slides) if m.slide == "both" else [m.slide]
        for fix in m.fixes:
            found = [name for name in names if fix.slide in slides[name][0]]
            assert found, f"{m.key}: {fix.slide!r} is not on the slide"
            for name in found:
                assert slides[name][0].count(fix.slide) == 1
                assert fix.ours in inspect.getsource(slides[name][1]), (m.key, fix.ours)


def test_slide_code_with_every_forward_fix_is_ours():
    fixes = [fix for key in FORWARD_FIXES for fix in mistake(key).fixes]
    namespace = {"torch": torch, "F": torch.nn.functional}
    exec(patched(SLIDE_RECURRENT_NEURON, fixes), namespace)
    torch.manual_seed(3)
    slide = namespace["RecurrentNeuron"](4, 3)
    torch.manual_seed(3)
    ours = RecurrentNeuron(4, 3)
    X, state = torch.randn(5, 2, 4), torch.randn(2, 3)
    for got, want in zip(slide.forward(X, state), ours(X, state)):
        torch.testing.assert_close(got, want, rtol=0, atol=0)


def _demos(**sizes):
    trace = explain_slide_mistakes(**sizes)
    assert [d.mistake.key for d in trace.demos] == [m.key for m in MISTAKES]
    return trace, {d.mistake.key: d.runs for d in trace.demos}


def test_the_slide_as_written_fails_at_its_first_matrix_product():
    trace, _ = _demos(N=2, input_size=3, output_size=4)
    assert trace.as_written.outcome == (
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x3)")
    assert trace.as_written.line == "state = F.tanh(x_t @ self.Wx + state @ self.Wh + self.bh)"
    # square sizes, N = output_size: the loop runs through and torch.tensor fails at the end
    trace, _ = _demos(N=4, input_size=4, output_size=4)
    assert trace.as_written.outcome.startswith("ValueError: only one element tensors")


def test_each_neuron_slide_mistake_as_executed():
    _, runs = _demos(N=2, input_size=3, output_size=4)
    (module,) = runs["torch_module"]
    assert module.outcome == "AttributeError: module 'torch' has no attribute 'Module'"
    assert module.line == "class Neuron(torch.Module):"
    built, called, with_parameters = runs["no_super"]
    assert built.outcome == "no error: the object is built"
    assert called.outcome.startswith("AttributeError: 'Neuron' object has no attribute")
    assert with_parameters.outcome == (
        "AttributeError: cannot assign parameters before Module.__init__() call")
    shape, parameters, optimizer = runs["neuron_tensors"]
    assert shape.outcome == "no error: (2, 4)" and parameters.outcome == "no error: []"
    assert optimizer.outcome == "ValueError: optimizer got an empty parameter list"


def test_each_recurrent_slide_mistake_as_executed():
    _, runs = _demos(N=2, input_size=3, output_size=4)
    called, grads, parameters = runs["plain_class"]
    assert called.outcome == "TypeError: 'RecurrentNeuron' object is not callable"
    assert grads.outcome == "no error: (False, False, False)"
    assert parameters.outcome.startswith("AttributeError") and "parameters" in parameters.outcome
    no_state, given = runs["not_state"]
    assert no_state.outcome == "no error: outputs (2, 2, 4), state (2, 4)"
    assert given.outcome == (
        "RuntimeError: Boolean value of Tensor with more than one value is ambiguous")
    assert given.line == "if not state:"
    mismatched, square = runs["transpose"]
    assert "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x3)" in mismatched.outcome
    assert float(re.search(r"by up to ([\d.e-]+)$", square.outcome)[1]) > 0.1
    batch, single = runs["bias_column"]
    assert batch.outcome == ("RuntimeError: The size of tensor a (2) must match the size of "
                             "tensor b (4) at non-singleton dimension 0")
    assert single.outcome.startswith("no error: outputs (2, 4, 4), state (4, 4), where")
    (stacked,) = runs["tensor_of_tensors"]
    assert stacked.outcome == (
        "ValueError: only one element tensors can be converted to Python scalars")
    assert stacked.line == "return torch.tensor(output_sequence), state"


def test_small_init_keeps_the_activity_near_zero():
    _, runs = _demos(N=2, input_size=3, output_size=4)
    slide_neuron, our_neuron, slide_recurrent, our_recurrent = runs["small_init"]
    low, high = map(float, re.findall(r"[\d.]+", slide_neuron.outcome.split("from")[1]))
    assert 0.45 < low < high < 0.55
    low, high = map(float, re.findall(r"[\d.]+", our_neuron.outcome.split("from")[1]))
    assert high - low > 0.5

    def mean_h(run):
        return float(re.search(r"mean \|h_t\| = ([\d.e-]+)", run.outcome)[1])
    assert mean_h(slide_recurrent) < 0.05 < 0.3 < mean_h(our_recurrent)


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
    assert bugs.count("<tr>") == len(MISTAKES) + 1 and "mat1 and mat2" in bugs


def test_stateful_handler_validates_and_answers():
    plot, text = view.feed_same_token(6, 1)
    fig = json.loads(plot.plot)                       # as gr.Plot sends it
    assert len(fig["data"][0]["x"]) == 6 and "changed by **0.0000**" in text
    with pytest.raises(gr.Error, match="Repeats must be from 2 to 30"):
        view.feed_same_token(1000, 1)
