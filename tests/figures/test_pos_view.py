"""The POS view's computations and pictures, on a small tagger built from the tiny fixture."""
import numpy as np
import pytest
from conftest import valid_figure

from explainer.data.tokenizer import tokenize
from explainer.explain.pos import tagging_trace
from explainer.figures.labels import busiest_units
from explainer.figures.pos import hidden_heatmap, training_curve, trajectory, unit_lines
from explainer.figures.pos_html import legend, seven_steps, tagged_sentence
from explainer.traces.tagging import TrainingCurve
from conftest import small_tagger


@pytest.fixture(scope="module", params=["slide", "best"])
def trace(request):
    return tagging_trace(tokenize("I love purple cats. Cats are neat."),
                         small_tagger(request.param), min_word_count=2)


def test_trace_matches_the_fused_forward(trace):
    tagger = small_tagger(trace.model)
    batch = tagger.encode([list(trace.tokens)])
    np.testing.assert_allclose(trace.logits, tagger(batch)[0].detach().numpy(), atol=1e-5)
    np.testing.assert_allclose(trace.probs.sum(axis=1), 1, atol=1e-5)
    assert trace.hidden.shape == (9, tagger.rnn.output_size)
    assert trace.trajectory.shape == (9, 2)
    assert trace.word_vectors.shape == (9, tagger.config.word_dim)
    assert len(trace.predicted) == 9 and set(trace.predicted) <= set(trace.tag_names)


def test_unknown_words_are_marked(trace):
    tagger = small_tagger(trace.model)
    known = {tagger.vocab.words.tokens[i] for i in range(2, len(tagger.vocab.words))}
    for token, unknown in zip(trace.tokens, trace.unknown):
        assert unknown == (token.lower() not in known)


def test_figures_follow_the_trace(trace):
    heat = valid_figure(hidden_heatmap(trace, selected=3))
    assert np.asarray(heat["data"][0]["z"]).shape == (trace.hidden.shape[1], 9)
    assert heat["layout"]["shapes"][0]["x0"] == 2.5  # the selected token is framed
    units = busiest_units(trace.hidden, 3)
    spread = [trace.hidden[:, u].std() for u in range(trace.hidden.shape[1])]
    assert units == sorted(range(len(spread)), key=lambda u: -spread[u])[:3]   # busiest first
    lines = valid_figure(unit_lines(trace, units, 1))
    assert [d["name"] for d in lines["data"]] == [f"unit {u}" for u in units]
    np.testing.assert_allclose(lines["data"][0]["y"], trace.hidden[:, units[0]], atol=1e-6)
    path = valid_figure(trajectory(trace, 4))
    assert list(path["data"][1]["x"]) == pytest.approx([trace.trajectory[4, 0]])



def test_training_curve_has_two_axes():
    curve = valid_figure(training_curve(TrainingCurve((1.2, 0.8), (0.4, 0.7), 1.0)))
    assert [d["name"] for d in curve["data"]] == ["loss", "train accuracy"]
    assert curve["data"][1]["yaxis"] == "y2" and curve["layout"]["yaxis2"]["overlaying"] == "y"

def test_seven_steps_show_the_real_tensors(trace):
    html = seven_steps(trace, selected=3)
    assert html.count("<details") == 7
    assert f"tensor([{trace.word_ids.tolist()}])" in html
    assert f"(1, 9, {trace.hidden.shape[1]})" in html
    assert html.count("class='selected'") == 5  # the chosen word's row in the five tables


def test_html_escapes_user_text():
    tagger = small_tagger("slide")
    tokens = tokenize("<script>alert(1)</script> & \"quotes\" 🐈")
    trace = tagging_trace(tokens, tagger, min_word_count=2)
    for html in (tagged_sentence(trace), seven_steps(trace)):
        assert "<script>" not in html and "&lt;" in html
    assert "🐈" in tagged_sentence(trace)
    assert "NOUN" in legend(trace.tag_names)



def test_unknown_words_say_why_with_the_vocabulary_threshold(trace):
    tagged, steps = tagged_sentence(trace), seven_steps(trace)
    assert "never seen" not in tagged + steps           # min_word_count 2: seen once is unknown
    if trace.unknown.any():
        assert "not in the tagger&#x27;s vocabulary (seen fewer than 2 times in training)" in tagged
    assert "(seen fewer than 2 times in training) becomes" in steps
    once = tagging_trace(list(trace.tokens), small_tagger(trace.model), min_word_count=1)
    assert once.unknown_means == "not in the tagger's vocabulary (never seen in training)"


def test_step_five_says_what_h_t_has_read(trace):
    steps = seven_steps(trace)
    heat = hidden_heatmap(trace)
    if trace.directions == 1:
        assert "carries forward about the sentence so far (words 1…t)" in steps
        assert len(heat["layout"]["shapes"]) == 1
    else:
        half = trace.hidden.shape[1] // 2
        assert "carries forward" not in steps
        assert f"the last {half} from the right-to-left LSTM" in steps
        assert f"{half}–{2 * half - 1} right to left" in heat["layout"]["title"]["text"]
        assert heat["layout"]["shapes"][1]["y0"] == half - 0.5   # the line between directions
