"""Gates of the shipped LSTM tagger and of the shipped translator's GRU encoder: invariants,
parity with torch's fused modules, figures that follow the trace, CPU == GPU."""
import numpy as np
import pytest
import torch
from conftest import valid_figure

from explainer.data.pairs import encode_source
from explainer.data.tokenizer import tokenize
from explainer.explain.gates import explain_gates, explain_gru_gates
from explainer.figures.gates import equation_lines, equations_latex, gate_heatmaps, gate_summary
from explainer.figures.gru_cell import gru_cell_figure
from explainer.figures.gru_cell import node_values as gru_node_values
from explainer.figures.lstm_cell import NODES, lstm_cell_figure, node_values
from explainer.models.tagger import Tagger
from explainer.models.translator import Translator

TEXT = "I love purple cats. Cats are neat."
SENTENCE = tokenize(TEXT)


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


@pytest.fixture(scope="module")
def slide():
    return Tagger.load("slide")


@pytest.fixture(scope="module")
def trace():
    return explain_gates.on_cpu(SENTENCE, "slide")


@pytest.fixture(scope="module")
def translator():
    return Translator.load("attention")


@pytest.fixture(scope="module", params=[0, 1], ids=["left-to-right", "right-to-left"])
def gru(request):
    return explain_gru_gates.on_cpu(TEXT, "attention", request.param)


def test_gate_invariants(trace):
    for gate in (trace.input_gate, trace.forget_gate, trace.output_gate):
        assert gate.min() >= 0 and gate.max() <= 1
    assert np.abs(trace.candidate).max() <= 1
    np.testing.assert_allclose(trace.hidden, trace.output_gate * np.tanh(trace.cell), atol=1e-6)
    c_prev = trace.previous("cell")
    np.testing.assert_allclose(trace.cell, trace.forget_gate * c_prev
                               + trace.input_gate * trace.candidate, atol=1e-5)


@pytest.mark.parametrize("layer,direction", [(0, 0), (0, 1), (1, 1)])
def test_lstm_parts_add_up_to_what_each_gate_squashed(layer, direction):
    """The numbers in the equations: x_t W_i?^T + b_i? and h_prev W_h?^T + b_h? per gate."""
    t = explain_gates.on_cpu(SENTENCE, "best", layer, direction)
    pre = t.input_part + t.recurrent_part                          # (T, 4, H): i, f, g, o
    for k, name in enumerate(t.gate_order):
        squash = np.tanh if name == "candidate" else sigmoid
        np.testing.assert_allclose(squash(pre[:, k]), getattr(t, name), atol=2e-5, err_msg=name)


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
    np.testing.assert_array_equal(backward.previous("cell")[2], backward.cell[3])   # c_{t+1}
    with pytest.raises(ValueError, match="has 2 layer"):
        explain_gates.on_cpu(SENTENCE, "best", layer=2)


def test_elman_has_no_gates():
    with pytest.raises(ValueError, match="no gates"):
        explain_gates.on_cpu(SENTENCE, "elman")


# ---- the GRU: the translator's encoder ------------------------------------------------------

def test_gru_gate_invariants(gru):
    for gate in (gru.reset_gate, gru.update_gate):
        assert gate.min() >= 0 and gate.max() <= 1
    assert np.abs(gru.candidate).max() <= 1
    z, n, h_prev = gru.update_gate, gru.candidate, gru.previous("hidden")
    np.testing.assert_allclose(gru.hidden, (1 - z) * n + z * h_prev, atol=1e-6)
    # the parts: r and z squash their sums; n reads r * (h W_hn^T + b_hn), as torch.nn.GRU
    x, h = gru.input_part, gru.recurrent_part                      # (T, 3, H): r, z, n
    np.testing.assert_allclose(sigmoid(x[:, 0] + h[:, 0]), gru.reset_gate, atol=2e-6)
    np.testing.assert_allclose(sigmoid(x[:, 1] + h[:, 1]), gru.update_gate, atol=2e-6)
    np.testing.assert_allclose(np.tanh(x[:, 2] + gru.reset_gate * h[:, 2]), gru.candidate,
                               atol=2e-6)


def test_gru_encoder_equals_torch_gru_on_the_same_weights(translator, gru):
    """Parity with torch.nn.GRU (bidirectional) loaded with the encoder's very parameters."""
    encoder = translator.encoder
    reference = torch.nn.GRU(encoder.rnn.config.input_size, encoder.rnn.config.hidden_size,
                             batch_first=True, bidirectional=True)
    reference.load_state_dict({k: v.detach() for k, v in
                               encoder.rnn.state_dict_torch_names().items()})
    ids = encode_source(translator.vocab, list(gru.tokens))[None]
    with torch.no_grad():
        out, _ = reference(encoder.embedding(ids))                 # (1, T, 2H)
    H = gru.hidden.shape[1]
    half = out[0, :, :H] if gru.direction == 0 else out[0, :, H:]
    np.testing.assert_allclose(gru.hidden, half.numpy(), atol=1e-5)


def test_gru_input_is_checked():
    with pytest.raises(ValueError, match="2 directions"):
        explain_gru_gates.on_cpu(TEXT, "attention", 2)
    with pytest.raises(ValueError, match="English words"):
        explain_gru_gates.on_cpu(" ".join(["cat"] * 16), "attention", 0)


def test_gru_figures(gru):
    heat = valid_figure(gate_heatmaps(gru, token=2, unit=7))
    assert [d["hovertemplate"].split("<br>")[0] for d in heat["data"]] == [
        "reset gate r", "update gate z", "candidate n", "hidden h"]
    np.testing.assert_array_equal(np.asarray(heat["data"][1]["z"]), gru.update_gate.T)
    summary = valid_figure(gate_summary(gru))
    assert [d["name"] for d in summary["data"]] == ["reset gate r", "update gate z"]
    lowest = int(gru.update_gate.mean(axis=1).argmin())
    assert gru.tokens[lowest] in summary["layout"]["annotations"][0]["text"]
    cell = valid_figure(gru_cell_figure(gru, unit=7))
    assert len(cell["frames"]) == len(gru.tokens)
    values = gru_node_values(gru, 7)
    np.testing.assert_allclose(values["write_mul"] + values["keep_mul"], values["hidden"],
                               atol=1e-6)
    previous = "h<sub>t+1</sub>" if gru.direction else "h<sub>t−1</sub>"
    assert previous in cell["data"][1]["text"][0]


def test_gru_equations_follow_torch_and_the_frame(gru):
    text = equations_latex(gru)
    assert "r_t \\odot (h_{t" in text and "(1 - z_t) \\odot n_t + z_t \\odot h_{t" in text
    assert "\\sigma(\\dots)" not in text
    assert ("h_{t+1}" in text) == (gru.direction == 1) and ("Right to left" in text) == bool(
        gru.direction)
    cell = gru_cell_figure(gru, unit=7)
    for t in (0, 3):     # each frame carries its own token's equations
        shown = cell["frames"][t]["layout"]["annotations"][0]["text"]
        assert shown == "<br>".join(equation_lines(gru, t, 7))
        assert f"{gru.hidden[t, 7]:.3f}".replace("-", "−") in shown
        assert f"{gru.reset_gate[t, 7]:.3f}" in shown


# ---- the LSTM's figures ---------------------------------------------------------------------

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


def test_full_lstm_equations_no_shorthand(trace):
    text = equations_latex(trace)
    for gate in "ifgo":
        assert f"x_t W_{{i{gate}}}^\\top + b_{{i{gate}}} + h_{{t-1}} W_{{h{gate}}}^\\top" in text
    assert "\\dots" not in text and "c_t &= f_t \\odot c_{t-1} + i_t \\odot g_t" in text


def test_backward_lstm_says_c_t_plus_1():
    backward = explain_gates.on_cpu(SENTENCE, "best", layer=0, direction=1)
    assert "c_{t+1}" in equations_latex(backward) and "c_{t-1}" not in equations_latex(backward)
    fig = lstm_cell_figure(backward, unit=3)
    names = list(NODES)
    assert fig["data"][1]["text"][names.index("c_prev")].startswith("c<sub>t+1</sub>")
    assert "c<sub>t+1</sub>" in fig["frames"][0]["layout"]["annotations"][0]["text"]
    assert "token 2's state" in fig["frames"][0]["layout"]["title"]["text"]
    assert "read first, from zeros" in fig["frames"][-1]["layout"]["title"]["text"]


def test_equations_substitute_the_numbers(trace):
    lines = "<br>".join(equation_lines(trace, 3, 5))
    number = lambda v: f"{v:.3f}".replace("-", "−")                         # noqa: E731
    assert number(trace.cell[3, 5]) in lines and number(trace.forget_gate[3, 5]) in lines
    assert number(trace.previous("cell")[3, 5]) in lines
    assert number(trace.input_part[3, 1, 5]) in lines                       # x_t's part of f
    assert number(trace.recurrent_part[3, 1, 5]) in lines                   # h_{t-1}'s part


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
    # the equations travel with the frame: token 4's numbers in frame 4 (issue 14 §6)
    assert (fig["frames"][3]["layout"]["annotations"][0]["text"]
            == "<br>".join(equation_lines(trace, 3, 5)))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA (runs on the GPU machine)")
@pytest.mark.parametrize("name,layer,direction", [("slide", 0, 0), ("best", 1, 1)])
def test_gpu_trace_equals_cpu_trace(name, layer, direction):
    cpu = explain_gates.on_cpu(SENTENCE, name, layer, direction)
    gpu = explain_gates(SENTENCE, name, layer, direction)       # the shared CUDA copy
    assert gpu.device.startswith("CUDA (") and cpu.device == "CPU"
    for field in ("input_gate", "forget_gate", "candidate", "output_gate", "cell", "hidden",
                  "input_part", "recurrent_part"):
        np.testing.assert_allclose(getattr(gpu, field), getattr(cpu, field), atol=1e-4,
                                   err_msg=field)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA (runs on the GPU machine)")
def test_gpu_gru_trace_equals_cpu_trace():
    cpu = explain_gru_gates.on_cpu(TEXT, "attention", 1)
    gpu = explain_gru_gates(TEXT, "attention", 1)
    assert gpu.device.startswith("CUDA (") and cpu.device == "CPU"
    for field in ("reset_gate", "update_gate", "candidate", "hidden", "input_part",
                  "recurrent_part"):
        np.testing.assert_allclose(getattr(gpu, field), getattr(cpu, field), atol=1e-4,
                                   err_msg=field)
