"""Gradients through time in the shipped taggers' cells, truncation, the delay task, the figures
and the handlers of the BPTT view."""
import gradio as gr
import numpy as np
import pytest
import torch
from torch.func import functional_call

from explainer.data.tokenizer import tokenize
from explainer.explain.bptt import CELL_MODELS, explain_gradient_flow
from explainer.explain.live import train_truncated
from explainer.figures.bptt import (accuracy_figure, gradient_norms_figure, reach,
                                    truncation_figure, unrolled_gradient_figure)
from explainer.models.bptt import (detach_state, new_cell, open_unroll, private_copy,
                                   readout_loss, spectral_radius)
from explainer.models.lagged_copy import LENGTH, lagged_copy_batch
from explainer.models.tagger import Tagger
from explainer.ui.bptt import activation_choice, backpropagate, backpropagate_from
from explainer.ui.bptt_sections import show_cuts, train_with_truncation, work_scalar, work_vector

from conftest import sent_figure, valid_figure

SENTENCE = tokenize("The cats that my sister feeds are always hungry by noon .")


@pytest.fixture(scope="module")
def taggers():
    return {name: Tagger.load(name) for name in ("elman", "slide")}


def flow(taggers, cell, **options):
    return explain_gradient_flow.on_cpu(SENTENCE, cell,
                                        options.pop("loss_step", len(SENTENCE) - 1), **options)


def reference_hidden_grads(cell, xs, classifier, k, target) -> list[float]:
    """∂L/∂h_t by definition: restart the loop from a leaf h_t (c_t held) and differentiate."""
    cell = private_copy(cell)
    with torch.no_grad():
        states = [s for s in open_unroll(cell, xs[:, :k + 1]).states]
    norms = []
    for t in range(k + 1):
        state = detach_state(states[t])
        h = (state[0] if isinstance(state, tuple) else state).requires_grad_(True)
        state = (h, state[1]) if isinstance(state, tuple) else h
        for j in range(t + 1, k + 1):
            state, _ = cell(xs[:, j], state)
        loss = readout_loss(cell.hidden_of(state), classifier, target)
        norms.append(torch.autograd.grad(loss, h)[0].norm().item())
    return norms


@pytest.mark.parametrize("cell", ["elman", "lstm"])
def test_hidden_gradients_are_the_chain_rule(taggers, cell):
    tagger = taggers[CELL_MODELS[cell]]
    k = 8
    trace = flow(taggers, cell, loss_step=k, target_tag="NOUN")
    xs = tagger._inputs(tagger.encode([SENTENCE]), None).double()
    target = torch.tensor([tagger.vocab.tags.tokens.index("NOUN")])
    expected = reference_hidden_grads(tagger.rnn.cell(0), xs, tagger.classifier, k, target)
    np.testing.assert_allclose(trace.hidden_grad[:k + 1], expected, rtol=1e-9)
    assert np.isnan(trace.hidden_grad[k + 1:]).all()          # the loss does not see later steps
    assert trace.target_tag == "NOUN" and trace.trained


def test_per_step_terms_sum_to_the_weight_gradient(taggers):
    tagger = taggers["elman"]
    cell = private_copy(tagger.rnn.cell(0))
    xs = tagger._inputs(tagger.encode([SENTENCE]), None).double()
    target = torch.tensor([3])
    run = open_unroll(cell, xs)
    readout_loss(run.outputs[:, -1], tagger.classifier, target).backward()
    summed = torch.stack([w.grad for w in run.weights]).sum(dim=0)
    # the reference: W_hh as one trainable parameter, the cells' own unroll
    weight = cell.weight_hh.detach().clone().requires_grad_(True)
    params = {**dict(cell.named_parameters()), "weight_hh": weight}
    state = cell.initial_state(1, dtype=torch.float64)
    for t in range(xs.shape[1]):
        state, _ = functional_call(cell, params, (xs[:, t], state))
    readout_loss(state, tagger.classifier, target).backward()
    torch.testing.assert_close(summed, weight.grad)
    trace = flow(taggers, "elman", target_tag=tagger.vocab.tags.tokens[3])
    assert trace.weight_grad_total == pytest.approx(summed.norm().item())
    assert trace.weight_grad[0] == 0     # step 1 reads h_0 = 0: its use of W_hh has no gradient


def test_shared_models_are_never_changed(taggers):
    cell = taggers["elman"].rnn.cell(0)
    before = {name: p.clone() for name, p in cell.named_parameters()}
    flow(taggers, "elman", radius=0.5, activation="relu", clip=1.0)
    flow(taggers, "lstm", radius=2.0)
    for name, p in cell.named_parameters():
        assert torch.equal(p, before[name]) and not p.requires_grad and p.grad is None
    assert all(p.grad is None for p in taggers["slide"].parameters())


def test_rescaled_copy_has_the_radius_asked_for(taggers):
    lstm = private_copy(taggers["slide"].rnn.cell(0), radius=0.7)
    for block in lstm.weight_hh.chunk(4, dim=0):
        assert spectral_radius(block) == pytest.approx(0.7)
    assert lstm.weight_hh.dtype == torch.float64
    with pytest.raises(ValueError, match="only the Elman cell"):
        private_copy(taggers["slide"].rnn.cell(0), activation="relu")


def test_smaller_radius_vanishes_faster(taggers):
    decay = {r: flow(taggers, "elman", radius=r, target_tag="NOUN").decay_per_step
             for r in (0.25, 0.5, 1.0, 2.0)}
    assert decay[0.25] < decay[0.5] < decay[1.0] < decay[2.0]
    exploding = flow(taggers, "elman", radius=1.5, activation="identity", target_tag="NOUN")
    assert exploding.decay_per_step > 1.1 and not exploding.trained
    assert "activation identity" in " ".join(exploding.changed)
    assert exploding.reference_grad is not None and exploding.finite
    # the unchanged network drawn behind (remembered per sentence) is the unchanged run itself
    unchanged = flow(taggers, "elman", target_tag="NOUN")
    np.testing.assert_allclose(exploding.reference_grad, unchanged.hidden_grad, rtol=1e-12)
    assert flow(taggers, "lstm", radius=0.5).target_tag == flow(taggers, "lstm").target_tag


def test_clipping_scales_every_term_alike(taggers):
    trace = flow(taggers, "elman", target_tag="NOUN", clip=0.01)
    assert trace.weight_grad_total > 0.01
    assert trace.clip_scale == pytest.approx(0.01 / trace.weight_grad_total)
    assert flow(taggers, "elman", target_tag="NOUN", clip=1e6).clip_scale == 1.0


def test_untrained_gru_is_seeded_and_says_so(taggers):
    first, second = flow(taggers, "gru"), flow(taggers, "gru")
    np.testing.assert_array_equal(first.hidden_grad, second.hidden_grad)
    assert not first.trained and "untrained" in first.model and first.cell_grad is None
    assert flow(taggers, "lstm").cell_grad is not None


@pytest.mark.parametrize("k", [1, 3, 5])
def test_truncation_at_k_zeroes_the_gradient_beyond_k(k):
    cell = new_cell("elman", 3, 8, seed=0)
    xs = torch.randn(2, 12, 3, generator=torch.Generator().manual_seed(0))
    loss_step = 10
    run = open_unroll(cell, xs, truncate=k)
    run.outputs[:, loss_step].pow(2).sum().backward()
    start = loss_step - loss_step % k                 # where the loss's chunk begins
    for t, state in enumerate(run.states[:loss_step + 1]):
        grad = state.grad
        if t < start:
            assert grad is None or torch.count_nonzero(grad) == 0, t
        else:
            assert grad is not None and grad.abs().sum() > 0, t
    assert list(reach(k, 12)) == [t % k for t in range(12)]


def test_delay_task_and_what_truncation_does_to_it():
    batch = lagged_copy_batch(np.random.default_rng(0), delay=3, batch=4)
    symbols = batch.inputs.argmax(dim=-1)
    assert torch.equal(batch.targets[:, 3:], symbols[:, :-3])
    assert (batch.targets[:, :3] == -100).all()
    unbounded = float("inf")                          # the time limit would make it flaky
    full = list(train_truncated(5, LENGTH, steps=100, max_seconds=unbounded))[-1]
    runs = list(train_truncated(5, 5, steps=100, max_seconds=unbounded))  # chunks of k = D
    cut = runs[-1]
    assert full.done and cut.done and not any(c.done for c in runs[:-1])
    assert cut.steps == tuple(range(0, 101, 10)) and len(cut.accuracy) == 11
    assert full.accuracy[-1] > 0.9 > 0.6 > cut.accuracy[-1]
    assert list(train_truncated(5, 5, steps=20, max_seconds=unbounded))[-1].accuracy == \
        cut.accuracy[:3]                               # seeded: the same run twice
    with pytest.raises(ValueError, match="k must be"):
        next(train_truncated(3, 0))


def test_figures_follow_the_trace(taggers):
    trace = flow(taggers, "elman", radius=0.5, clip=0.01, target_tag="NOUN")
    norms = valid_figure(gradient_norms_figure(trace))
    lines = {d.get("name"): d for d in norms["data"]}
    np.testing.assert_allclose(np.asarray(lines["‖∂L/∂h_t‖"]["y"], float), trace.hidden_grad)
    assert norms["layout"]["yaxis"]["type"] == "log" == norms["layout"]["yaxis2"]["type"]
    assert any("clipping" in (d.get("name") or "") for d in norms["data"])
    graph = valid_figure(unrolled_gradient_figure(trace))
    widths = [a["arrowwidth"] for a in graph["layout"]["annotations"][:-1]]
    assert len(widths) == len(SENTENCE) - 1
    assert widths == sorted(widths)                   # vanishing: thinner the further back
    valid_figure(gradient_norms_figure(flow(taggers, "lstm")))
    valid_figure(unrolled_gradient_figure(flow(taggers, "gru", radius=3.0)))
    cuts = valid_figure(truncation_figure(delay=4, truncate=4, length=20))
    assert cuts["data"][3]["text"] == ["✂"] * 4
    assert "cut before it" in cuts["layout"]["title"]["text"]
    assert "reaches it" in truncation_figure(4, 5, 20)["layout"]["title"]["text"]
    assert list(cuts["data"][-1]["y"]) == [t % 4 for t in range(20)]


def test_handlers_answer_and_refuse_with_messages():
    status, graph, norms, why, jacobians, slider = backpropagate(
        "Dogs bark .", "elman", True, 0.5, "relu", True, 1.0, "the tagger's own tag")
    assert "Not the trained model" in status and slider["maximum"] == 3 == slider["value"]
    assert activation_choice("lstm")["interactive"] is False
    assert activation_choice("elman")["interactive"] is True
    answer = backpropagate_from("Dogs bark .", "elman", 9, False, 1, "tanh", False, 1, "NOUN")
    assert len(answer) == 5 and "loss at token 3" in answer[0]   # past the end: the last token
    status, *_ = backpropagate_from("Dogs bark loudly .", "gru", 2, False, 1, "relu", False, 1,
                                    "VERB")
    assert "loss at token 2" in status and "untrained" in status and "Elman cell only" in status
    for args, message in [(("", "elman"), "Type a sentence"), (("Dogs", "rnn"), "Choose a cell"),
                          (("Dogs", "elman", True, -1), "spectral radius must be from")]:
        full = list(args) + [False, 1.0, "tanh", False, 1.0, "NOUN"][len(args) - 2:]
        with pytest.raises(gr.Error, match=message):
            backpropagate(*full)
    forward, backward = work_scalar("1, -0.5, 2", 0.5, 0.8, 0.1, 1, "identity")
    assert "0.2948" in backward
    with pytest.raises(gr.Error, match="Type 1 to 6 inputs"):
        work_scalar("1 2 3 4 5 6 7", 0.5, 0.8, 0.1, 1, "identity")
    with pytest.raises(gr.Error, match="above 0"):
        work_vector(3, 0, True, 0, "tanh")
    figure, note = show_cuts(4, 2)
    assert "**no** output" in note
    with pytest.raises(gr.Error, match="delay D must be from 1 to 8"):
        show_cuts(9, 2)


def test_training_handler_streams_and_keeps_this_users_curves():
    updates = list(train_with_truncation(4, 20, ()))
    status, figure, curves = updates[-1]
    assert "full BPTT" in status and "**done**" in status   # 150 updates, or the time limit
    assert len(curves) == 1 and curves[0].full and len(sent_figure(figure)["data"]) == 1
    assert all(u[2] == gr.skip() for u in updates[:-1])  # the state changes once, at the end
    _, figure, more = list(train_with_truncation(4, 2, curves))[-1]
    assert [c.truncate for c in more] == [20, 2] and len(sent_figure(figure)["data"]) == 2


def test_accuracy_figure_before_any_run():
    assert valid_figure(accuracy_figure([]))["layout"]["title"]["text"] == "Train to add a curve"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA (runs on the GPU machine)")
@pytest.mark.parametrize("cell", ["elman", "lstm", "gru"])
def test_gpu_gradients_equal_cpu_gradients(cell):
    options = dict(radius=0.9, clip=1.0, target_tag="NOUN")
    cpu = explain_gradient_flow.on_cpu(SENTENCE, cell, 8, **options)
    gpu = explain_gradient_flow(SENTENCE, cell, 8, **options)     # the shared CUDA copy
    assert gpu.device.startswith("CUDA (") and cpu.device == "CPU"
    np.testing.assert_allclose(gpu.hidden_grad, cpu.hidden_grad, rtol=1e-6)
    np.testing.assert_allclose(gpu.weight_grad, cpu.weight_grad, rtol=1e-6)


def test_with_k_at_most_d_a_little_better_than_chance_and_far_below_full_bptt():
    """The truncation section's claim, on the start-up pair D = 4: k = 4 and full BPTT."""
    unbounded = float("inf")
    cut = list(train_truncated(4, 4, max_seconds=unbounded))[-1]
    full = list(train_truncated(4, LENGTH, max_seconds=unbounded))[-1]
    assert cut.chance < cut.accuracy[-1] < full.accuracy[-1] - 0.3
