"""Attention figures and the beam tree on small hand-made traces (the real ones are tested on
the models)."""
import dataclasses

import numpy as np
import pytest
from conftest import valid_figure

from explainer.figures.beam_tree import beam_tree_figure
from explainer.figures.translation import attention_heatmap, decoding_figure
from explainer.traces.translation import BeamTreeTrace, DecodingTrace


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


def tree(beam=2):
    """<s> -> j' (-0.1) -> aime (-0.5) -> </s> (-0.6) the winner; <s> -> je (-2.0) -> <b> pruned."""
    return BeamTreeTrace(
        source=("I", "like", "<b>"), tokens=("j'", "je", "aime", "<b>", "</s>"),
        parents=np.array([-1, -1, 0, 1, 2]), steps=np.array([0, 0, 1, 1, 2]),
        log_probabilities=np.array([-0.1, -2.0, -0.5, -3.0, -0.6], np.float32),
        attention=np.array([[.8, .1, .1], [.5, .4, .1], [.1, .8, .1], [.1, .1, .8],
                            [.3, .3, .4]], np.float32),
        ended=np.array([0, 0, 0, 0, 1], bool), pruned=np.array([0, 1, 0, 1, 0], bool),
        winner=np.array([1, 0, 1, 0, 1], bool), beam_size=beam)


def test_beam_tree_draws_every_hypothesis_fades_the_pruned_and_marks_the_winner():
    fig = valid_figure(beam_tree_figure(tree()))
    winner, kept, pruned, root, ring, nodes = fig["data"]
    assert len(winner["x"]) == 3 * 3 and len(pruned["x"]) == 2 * 3 and not kept["x"]
    assert list(nodes["text"]) == ["j'", "je", "aime", "&lt;b&gt;", "⟨end⟩"]
    assert list(nodes["marker"]["opacity"]) == [1.0, 0.35, 1.0, 0.35, 1.0]
    assert list(nodes["marker"]["symbol"])[-1] == "square"
    hover = nodes["hovertext"][2]
    assert "j' aime" in hover and "log p = -0.50" in hover and "like 0.80" in hover
    assert "&lt;b&gt; 0.80" in nodes["hovertext"][3]            # a source token, escaped
    x = np.asarray(nodes["x"])
    assert x[0] == x[1] < x[2] == x[3] < x[4]                       # one column per step
    assert "2 hypotheses" in fig["layout"]["title"]["text"]


def test_greedy_is_a_single_path():
    path = BeamTreeTrace(
        source=("cats",), tokens=("chats", "</s>"), parents=np.array([-1, 0]),
        steps=np.array([0, 1]), log_probabilities=np.array([-0.2, -0.3], np.float32),
        attention=np.ones((2, 1), np.float32), ended=np.array([0, 1], bool),
        pruned=np.zeros(2, bool), winner=np.ones(2, bool), beam_size=1)
    fig = valid_figure(beam_tree_figure(path))
    assert len(fig["data"][0]["x"]) == 2 * 3 and not fig["data"][2]["x"]
    assert np.ptp(np.asarray(fig["data"][-1]["y"])) == 0            # a straight line
    assert fig["layout"]["title"]["text"].startswith("Greedy")


def test_words_made_of_pieces_state_the_rule():
    summed = dataclasses.replace(trace(), unit="word", summed="summed over pieces")
    assert "summed over pieces" in valid_figure(attention_heatmap(summed))["layout"]["title"]["text"]
    pieces = dataclasses.replace(trace(), unit="piece")
    assert "subword pieces" in valid_figure(decoding_figure(pieces))["layout"]["title"]["text"]


def test_a_click_reads_each_nodes_prefix_log_p_and_attention_row_from_the_figure():
    t = dataclasses.replace(tree(), prefixes=("J'", "Je", "J'aime", "Je <unk>", "J'aime"))
    fig = valid_figure(beam_tree_figure(t))
    ring, nodes = fig["data"][-2:]
    assert fig["layout"]["meta"]["source"] == ["I", "like", "<b>"]     # text, set as text
    rows = nodes["customdata"]
    assert rows[1][:4] == ["Je", -2.0, "pruned", "je"]
    assert rows[3][0] == "Je ⟨unk⟩" and rows[4][:3] == ["J'aime ⟨end⟩", -0.6,
                                                         "the chosen translation"]
    assert rows[2][2] == "on the chosen translation's path"
    np.testing.assert_allclose(np.array([r[4:] for r in rows]), t.attention, atol=1e-4)
    shown = fig["layout"]["meta"]["shown"]                      # before a click: the winner's end
    assert shown == 4 and (ring["x"][0], ring["y"][0]) == (nodes["x"][4], nodes["y"][4])
    assert "J'aime ⟨end⟩" in nodes["hovertext"][4]
    untranslated = valid_figure(beam_tree_figure(tree()))["data"][-1]["customdata"]
    assert untranslated[2][0] == "j' aime"                     # no prefixes: the tokens
