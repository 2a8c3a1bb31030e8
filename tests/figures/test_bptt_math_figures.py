"""The tiny RNN's worked example: the vanishing note says what its own numbers say."""
import numpy as np
import pytest

from explainer.explain.bptt import explain_tiny_scalar, explain_tiny_vector
from explainer.figures.bptt_math import sigma_max, tiny_latex


@pytest.mark.parametrize("seed,radius,activation", [(0, None, "tanh"), (0, 0.5, "tanh"),
                                                    (3, 2.5, "relu"), (7, 1.5, "identity")])
def test_the_vanishing_note_follows_sigma_max(seed, radius, activation):
    trace = explain_tiny_vector(6, seed, radius, activation)
    _, backward = tiny_latex(trace)
    bound = sigma_max(trace.W_h) * trace.slopes.max()
    assert sigma_max(trace.W_h) == pytest.approx(np.linalg.svd(trace.W_h, compute_uv=False)[0])
    if bound < 1:
        assert "< 1: guaranteed to vanish" in backward
        norms = np.linalg.norm(trace.hidden_grads[1:], axis=1)      # ∂L/∂h_1 … ∂L/∂h_T
        assert (norms[:-1] <= norms[1:] * bound * (1 + 1e-12)).all()
    else:
        assert "≥ 1: no guarantee" in backward


def test_both_forms_are_said():
    forward, _ = tiny_latex(explain_tiny_vector(3, 0))
    assert "Column form here" in forward and r"x_t v_x^\top + h_{t-1} v_h^\top + b" in forward
    forward, _ = tiny_latex(explain_tiny_scalar([1, 2], 0.5, 0.8, 0.1, 1.0))
    assert r"a_t = x_t v_x^\top + h_{t-1} v_h^\top + b" in forward
    assert "its left side should be the loss $L$" in forward
