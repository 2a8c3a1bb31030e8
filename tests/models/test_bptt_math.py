"""BPTT by hand (explicit loops, the sum over paths) equals torch autograd, in float64."""
import numpy as np
import pytest

from explainer.explain.bptt import explain_tiny_scalar, explain_tiny_vector
from explainer.figures.bptt_math import num, tiny_latex
from explainer.models.bptt_math import ACTIVATIONS, TinyRNN, autograd_gradients, hand_bptt

TOL = 1e-6


def assert_hand_equals_autograd(model, xs, y):
    hand = hand_bptt(model, xs, y)
    auto = autograd_gradients(model, xs, y)
    for name in ("W_x", "W_h", "b", "u"):
        np.testing.assert_allclose(hand.gradient(name), auto[name], atol=TOL, rtol=0,
                                   err_msg=name)
    for t in range(len(xs) + 1):
        np.testing.assert_allclose(hand.hidden_grads[t], auto[f"h{t}"], atol=TOL, rtol=0,
                                   err_msg=f"dL/dh_{t}")
    return hand


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("seed", range(4))
def test_scalar_hand_equals_autograd(activation, seed):
    rng = np.random.default_rng(seed)
    v_x, v_h, b = rng.uniform(-1.5, 1.5, 3)
    xs = rng.normal(size=(int(rng.integers(1, 7)), 1))
    assert_hand_equals_autograd(TinyRNN.scalar(v_x, v_h, b, activation), xs, rng.normal())


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("hidden,inputs,steps", [(2, 2, 4), (3, 2, 6), (5, 1, 3)])
def test_vector_hand_equals_autograd(activation, hidden, inputs, steps):
    model = TinyRNN.random(hidden, inputs, seed=hidden * 10 + steps, activation=activation)
    xs = np.random.default_rng(steps).normal(size=(steps, inputs))
    assert_hand_equals_autograd(model, xs, 0.7)


def test_the_decks_example_by_the_numbers():
    """h_t = x_t v_x + h_{t-1} v_h + b with v = (0.5, 0.8, 0.1), x = (1, -0.5, 2), y = 1."""
    trace = explain_tiny_scalar([1, -0.5, 2], 0.5, 0.8, 0.1, 1.0)
    np.testing.assert_allclose(trace.hidden[:, 0], [0, 0.6, 0.33, 1.364])
    assert trace.loss == pytest.approx(0.5 * 0.364 ** 2)
    v_h = next(p for p in trace.parameters if p.name == "v_h")
    # one term per use of v_h: (ŷ − y) · v_h^(T−t) · h_{t−1}
    np.testing.assert_allclose(v_h.terms, [0.364 * 0.8 * 0.8 * 0, 0.364 * 0.8 * 0.6,
                                           0.364 * 0.33], atol=1e-12)
    assert v_h.hand == pytest.approx(v_h.autograd, abs=TOL)
    assert [p.name for p in trace.parameters] == ["v_x", "v_h", "b"]
    assert trace.max_difference < TOL


def test_paths_are_products_of_jacobians_and_sum_to_the_gradient():
    model = TinyRNN.random(3, 2, seed=1, activation="tanh")
    xs = np.random.default_rng(2).normal(size=(5, 2))
    hand = hand_bptt(model, xs, -0.3)
    T = len(xs)
    for t in range(1, T + 1):
        product = np.eye(3)
        for j in range(T, t, -1):
            product = product @ hand.jacobians[j - 1]
        np.testing.assert_allclose(hand.path_products[t - 1], product)
        np.testing.assert_allclose(hand.hidden_grads[t], product.T @ hand.output_grad)
    for p in hand.parameters:
        np.testing.assert_allclose(p.terms.sum(axis=0), p.total)


@pytest.mark.parametrize("activation", ["identity", "tanh"])
def test_gradient_norms_shrink_as_the_spectral_radius_shrinks(activation):
    """The toy RNN over 20 steps: how much of ∂L/∂h_T reaches h_0, per spectral radius."""
    base = TinyRNN.random(4, 2, seed=3, activation=activation)
    xs = np.random.default_rng(4).normal(size=(20, 2))
    reached = []
    for radius in (1.2, 1.0, 0.8, 0.5, 0.25):
        hand = hand_bptt(base.with_spectral_radius(radius), xs, 1.0)
        assert base.with_spectral_radius(radius).spectral_radius == pytest.approx(radius)
        reached.append(np.linalg.norm(hand.hidden_grads[0]) / np.linalg.norm(hand.hidden_grads[-1]))
    assert all(a > b for a, b in zip(reached, reached[1:])), reached
    assert reached[-1] < 1e-6 < reached[1]   # 0.25^20 vanishes; radius 1 does not


def test_vector_example_and_its_latex():
    trace = explain_tiny_vector(steps=4, seed=0, radius=0.9)
    assert trace.max_difference < TOL and not trace.scalar
    assert np.abs(np.linalg.eigvals(trace.W_h)).max() == pytest.approx(0.9)
    forward, backward = tiny_latex(trace)
    assert r"\operatorname{diag}" in forward and "Spectral radius" in forward
    assert "W_h" in backward and "torch autograd" in backward
    assert backward.count(r"\begin{pmatrix}") >= 3 * 4   # path product, ∂L/∂h_t, term per step


def test_scalar_latex_shows_every_path_with_its_numbers():
    trace = explain_tiny_scalar([1, -0.5, 2, 0.5], 0.5, 0.8, 0.1, 1.0, activation="tanh")
    forward, backward = tiny_latex(trace)
    assert "1 - \\tanh^2(a)" in forward
    for t in range(1, 5):
        assert f"t={t}:" in backward
    v_h = next(p for p in trace.parameters if p.name == "v_h")
    assert num(v_h.hand) in backward


def test_numbers_for_katex():
    assert num(0) == "0" and num(0.12345) == "0.1235" and num(-2.5) == "-2.5"
    assert num(3.2e-7) == r"3.200 \times 10^{-7}"
