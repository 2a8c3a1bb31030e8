"""Attention figures on a small hand-made DecodingTrace (the real ones are tested on the models)."""
import numpy as np
import pytest
from conftest import valid_figure

from explainer.figures.translation import attention_heatmap, decoding_figure
from explainer.traces.translation import DecodingTrace


def trace(attention=True):
    rng = np.random.default_rng(0)
    weights = rng.dirichlet(np.ones(4), size=3).astype(np.float32)
    return DecodingTrace(
        model="attention" if attention else "plain", source=("I", "like", "cats", "."),
        unknown_source=np.zeros(4, bool), target=("j'", "aime", "</s>"), text="J'aime",
        attention=weights if attention else None,
        top_k_words=(("j'", "je", "le"), ("aime", "adore", "suis"), ("</s>", ".", "les")),
        top_k_probs=np.array([[.7, .2, .1], [.6, .3, .1], [.9, .05, .05]], np.float32),
        decoding="greedy", device="CPU", seconds=0.01)


def test_heatmap_is_the_attention_matrix():
    t = trace()
    fig = valid_figure(attention_heatmap(t))
    np.testing.assert_array_equal(np.asarray(fig["data"][0]["z"]), t.attention)
    assert list(fig["layout"]["xaxis"]["ticktext"]) == list(t.source)
    with pytest.raises(ValueError, match="no attention"):
        attention_heatmap(trace(attention=False))


def test_decoding_frames_reveal_one_row_per_step():
    t = trace()
    fig = valid_figure(decoding_figure(t))
    assert [f["name"] for f in fig["frames"]] == ["1 j'", "2 aime", "3 ⟨end⟩"]
    z = np.asarray(fig["frames"][1]["data"][0]["z"], dtype=float)
    np.testing.assert_allclose(z[:2], t.attention[:2])
    assert np.isnan(z[2]).all()
    bars = fig["frames"][1]["data"][1]
    assert list(bars["y"])[-1].strip() == "aime" and bars["x"][-1] == pytest.approx(0.6)
    assert len(valid_figure(decoding_figure(trace(attention=False)))["frames"]) == 3
