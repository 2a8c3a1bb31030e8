"""Figure builders of the paradigm gallery and the trade-offs, on small hand-made traces; every
figure passes plotly's validation."""
import numpy as np
import pytest
from conftest import valid_figure

from explainer.figures.paradigm_runs import (candidates_figure, diagram_labels, generation_html,
                                             language_figure, noun_figure, noun_table_html)
from explainer.figures.graphs import PARADIGMS, paradigm_graph, rolled_graph
from explainer.figures.paradigms import paradigm_figure
from explainer.figures.tradeoffs import (delay_figure, directions_figure, directions_html,
                                         median_ms, size_figure, speed_figure)
from explainer.traces.tradeoffs import DelayTrace, DirectionTrace, SizeTrace, TimingTrace
from explainer.traces.paradigms import GenerationTrace, LanguageTrace, NounTrace


def edges(graph, label):
    return [(a, b) for a, b, d in graph.edges(data=True) if d["matrix"] == label]


# ---- diagrams ---------------------------------------------------------------------------------

def test_each_paradigm_has_its_inputs_and_outputs_where_it_should():
    g = paradigm_graph("one-to-one", steps=5)
    assert sorted(g.nodes) == [("h", 0), ("x", 0), ("y", 0)] and not edges(g, "W_h")
    g = paradigm_graph("one-to-many", steps=4)
    assert [n for n in g if n[0] == "x"] == [("x", 0)]
    assert len([n for n in g if n[0] == "y"]) == 4 and len(edges(g, "fed back")) == 3
    g = paradigm_graph("many-to-one", steps=4)
    assert len([n for n in g if n[0] == "x"]) == 4 and [n for n in g if n[0] == "y"] == [("y", 3)]
    g = paradigm_graph("many-to-many", steps=4)
    assert len(edges(g, "W_x")) == len(edges(g, "W_y")) == 4 and len(edges(g, "W_h")) == 3
    g = paradigm_graph("encoder-decoder", steps=4, out_steps=3)
    assert edges(g, "context") == [(("h", 3), ("s", 4))]
    assert len([n for n in g if n[0] == "y"]) == 3 and len([n for n in g if n[0] == "x"]) == 4


def test_rolled_graphs_loop_except_one_to_one():
    assert not any(a == b for a, b in rolled_graph("one-to-one").edges)
    assert sum(a == b for a, b in rolled_graph("encoder-decoder").edges) == 2
    assert sum(a == b for a, b in rolled_graph("many-to-one").edges) == 1


@pytest.mark.parametrize("key", sorted(PARADIGMS))
def test_paradigm_figure_draws_nodes_and_labels(key):
    fig = valid_figure(paradigm_figure(key, steps=3, out_steps=2, inputs=["a", "b", "c"],
                                       outputs=["y1", "y2"]))
    assert PARADIGMS[key].title in fig["layout"]["title"]["text"]
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "<b>a</b>" in texts                     # the first input's label under x1
    assert any("y1" in t for t in texts)
    assert all(len(trace["x"]) == len(trace["y"]) for trace in fig["data"])
    assert {trace["xaxis"] for trace in fig["data"]} == {"x", "x2"}     # rolled, unrolled


def test_unknown_paradigm_says_what_exists():
    with pytest.raises(ValueError, match="choose one of"):
        paradigm_figure("two-to-three")


def test_diagram_labels_keep_first_and_last():
    assert diagram_labels(list("abc")) == ["a", "b", "c"]
    assert diagram_labels(list("abcdefgh"), limit=5) == ["a", "b", "c", "…", "h"]


# ---- the gallery's runs -----------------------------------------------------------------------

@pytest.fixture
def nouns():
    return NounTrace(words=("station", "<b>quickly</b>"), p_noun=np.array([0.97, 0.02]),
                     features=(("ends -tion",), ("ends -ly",)), ignored=((), ("starts <b-",)),
                     device="CPU", seconds=0.001)


def test_noun_figure_and_table(nouns):
    fig = valid_figure(noun_figure(nouns))
    np.testing.assert_allclose(fig["data"][0]["x"], nouns.p_noun)
    assert fig["layout"]["yaxis"]["ticktext"] == list(nouns.words)
    table = noun_table_html(nouns)
    assert "&lt;b&gt;quickly&lt;/b&gt;" in table and "<b>quickly</b>" not in table
    assert "noun (0.97)" in table and "not a noun (0.02)" in table


@pytest.fixture
def generated():
    return GenerationTrace(seed="R", text="O<\nM", temperature=0.8, sample_seed=0,
                           chosen_prob=np.array([0.9, 0.1, 0.5, 0.7], dtype=np.float32),
                           top_chars=(("O", "A"), ("E", "<"), ("\n", " "), ("M", "N")),
                           top_probs=np.array([[0.9, 0.1], [0.8, 0.1], [0.5, 0.4], [0.7, 0.2]]),
                           device="CPU", seconds=0.01)


def test_generation_html_escapes_and_shades_by_surprise(generated):
    text = generation_html(generated)
    assert "&lt;" in text and "<br>" in text and ">R</span>" in text
    assert "rgba(213,94,0,0.49)" in text            # p = 0.1: shaded  (0.6 * 0.9²)
    assert "rgba(213,94,0,0.01)" in text            # p = 0.9: nearly clear


def test_candidates_figure_boxes_the_sampled_character(generated):
    fig = valid_figure(candidates_figure(generated))
    assert np.asarray(fig["data"][0]["z"]).shape == (2, 4)
    # "<" was the 2nd candidate at step 2; "O", "\n", "M" the first at theirs
    assert fig["data"][1]["y"] == ["#1", "#2", "#1", "#1"]


def test_language_figure_marks_the_one_answer():
    trace = LanguageTrace(text="le chat", unknown=np.zeros(7, bool),
                          p_english=np.linspace(0.8, 0.05, 7).astype(np.float32), cut=False,
                          device="CPU", seconds=0.002)
    assert trace.answer == "French"
    fig = valid_figure(language_figure(trace))
    np.testing.assert_allclose(fig["data"][0]["y"], trace.p_english)
    assert fig["data"][1]["text"] == ["answer: French"] and fig["data"][1]["x"] == [7]
    assert fig["layout"]["xaxis"]["ticktext"] == ["l", "e", "␣", "c", "h", "a", "t"]


# ---- the trade-offs ---------------------------------------------------------------------------

def test_size_figure_is_flat_for_the_rnn():
    trace = SizeTrace(lengths=np.array([1, 2, 3]), rnn_parameters=1000,
                      rnn_outputs=((1, 1, 17), (1, 2, 17), (1, 3, 17)),
                      mlp_parameters=np.array([500, 1000, 1500]), window=5,
                      window_parameters=700, input_size=4, hidden_size=8, n_tags=17,
                      model="slide")
    fig = valid_figure(size_figure(trace))
    assert list(fig["data"][0]["y"]) == [500, 1000, 1500] and set(fig["data"][2]["y"]) == {1000}
    assert set(fig["data"][1]["y"]) == {700} and "5 words" in fig["data"][1]["name"]
    assert fig["data"][2]["customdata"] == ["1 × 1 × 17", "1 × 2 × 17", "1 × 3 × 17"]


def test_speed_figure_plots_medians_and_every_run():
    runs = np.array([[0.001, 0.003, 0.002], [0.010, 0.012, 0.011]])
    trace = TimingTrace(lengths=np.array([1, 10]), rnn_loop=runs, rnn_fused=runs / 2,
                        attention=runs / 10, width=8, heads=2, device="CPU")
    np.testing.assert_allclose(median_ms(runs), [2.0, 11.0])
    fig = valid_figure(speed_figure(trace))
    assert len(fig["data"]) == 6
    np.testing.assert_allclose(fig["data"][0]["y"], [2.0, 11.0])
    assert len(fig["data"][1]["x"]) == 6             # every repeat as a dot


def test_delay_trace_reach_and_figure():
    trace = DelayTrace(delays=np.array([1, 5, 10, 20]), elman=np.array([1.0, 0.96, 0.5, 1.0]),
                       lstm=np.array([1.0, 1.0, 1.0, 1.0]), step=500, steps=(100, 500),
                       trained_up_to=10, per_delay=64, seed=0, hidden_size=8, device="CPU",
                       seconds=0.1)
    assert trace.reach("elman") == 5 and trace.reach("lstm") == 20   # stops at the first miss
    fig = valid_figure(delay_figure(trace))
    assert [d["name"] for d in fig["data"]] == ["Elman RNN", "LSTM"]
    assert fig["layout"]["shapes"][0]["x0"] == 10   # beyond the training delays is shaded
    assert "500" in fig["layout"]["title"]["text"]


def test_directions_ring_the_words_whose_tag_changes():
    trace = DirectionTrace(tokens=("Time", "flies", "<x>"), forward_tags=("NOUN", "NOUN", "X"),
                           both_tags=("NOUN", "VERB", "X"),
                           forward_prob=np.array([0.9, 0.8, 0.5]),
                           both_prob=np.array([0.9, 0.7, 0.5]),
                           forward_prefix_change=np.zeros(3), both_prefix_change=np.array(
                               [0.0, 0.3, 0.0]), device="CPU")
    assert list(trace.changed) == [False, True, False]
    text = directions_html(trace)
    assert text.count("box-shadow") == 2 and "&lt;x&gt;" in text
    fig = valid_figure(directions_figure(trace))
    np.testing.assert_allclose(fig["data"][1]["y"], [0.0, 0.3, 0.0])


def test_directions_show_our_gold_tags_and_mark_each_answer():
    trace = DirectionTrace(tokens=("Time", "flies", "."), forward_tags=("NOUN", "NOUN", "PUNCT"),
                           both_tags=("NOUN", "VERB", "PUNCT"),
                           forward_prob=np.array([0.9, 0.8, 0.5]),
                           both_prob=np.array([0.9, 0.7, 0.5]), forward_prefix_change=np.zeros(3),
                           both_prefix_change=np.zeros(3), device="CPU",
                           gold=("NOUN", "VERB", "PUNCT"))
    assert trace.outcomes() == {"both_only": [1], "forward_only": [], "neither": [], "both": [0, 2]}
    text = directions_html(trace)
    assert text.count("✓") == 5 and text.count("✗") == 1
    assert "gold tags (assigned by this project, following the UD guidelines)" in text
    assert text.count("pos-chip") == 9
