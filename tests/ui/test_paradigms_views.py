"""The paradigm and trade-off views: measurements' invariants, handlers' validation, and every
API endpoint through a served app that holds only these two tabs."""
import gradio as gr
import numpy as np
import pytest

from conftest import launch_on_loopback, sent_figure
from explainer.data.tokenizer import tokenize
from explainer.explain.pos import load_tagger
from explainer.explain.tradeoffs import (compare_directions, measure_delays, measure_sizes,
                                         measure_speed, mlp_parameters, network_parameters)
from explainer.ui import paradigms, tradeoffs


# ---- measurements -----------------------------------------------------------------------------

def test_one_tagger_reads_every_length_while_the_mlp_grows():
    tagger = load_tagger("slide")
    trace = measure_sizes("slide", [1, 2, 10, 64])
    assert trace.rnn_parameters == network_parameters(tagger)
    assert [s[1] for s in trace.rnn_outputs] == [1, 2, 10, 64]
    growth = np.diff(trace.mlp_parameters) / np.diff(trace.lengths)
    np.testing.assert_allclose(growth, growth[0])            # linear in L
    assert trace.mlp_parameters[0] == mlp_parameters(1, trace.input_size, trace.hidden_size,
                                                     trace.n_tags)
    # the window MLP: one size for every L, smaller than the whole-sentence MLP at its window
    assert trace.window_parameters == mlp_parameters(5, trace.input_size, trace.hidden_size,
                                                     trace.n_tags, outputs=1)
    assert trace.window_parameters < mlp_parameters(5, trace.input_size, trace.hidden_size,
                                                    trace.n_tags)


def test_speed_is_measured_for_every_length_and_repeat():
    trace = measure_speed("slide", [1, 8], repeats=2)
    for runs in (trace.rnn_loop, trace.rnn_fused, trace.attention):
        assert runs.shape == (2, 2) and np.all(runs > 0)


def test_delay_scores_come_from_fresh_sequences():
    trace = measure_delays(3000, 32, seed=1, delays=(1, 40))
    again = measure_delays(3000, 32, seed=1, delays=(1, 40))
    np.testing.assert_array_equal(trace.elman, again.elman)
    assert trace.lstm.min() >= 0.9 and trace.step == 3000
    with pytest.raises(ValueError, match="shipped ones"):
        measure_delays(1234, 32, seed=1)


def test_the_left_to_right_tagger_cannot_see_the_future():
    tokens = tokenize("Time flies like an arrow.")
    trace = compare_directions(tokens, "slide", "best")
    assert trace.forward_prefix_change.max() < 1e-5     # 0 but for float rounding: it never looks
    assert trace.both_prefix_change.max() > 0.01
    assert len(trace.forward_tags) == len(trace.both_tags) == len(tokens)


# ---- handlers: validation at the boundary ------------------------------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda: paradigms.classify_words("  "), "Type a few words"),
    (lambda: paradigms.classify_words(" ".join(["cat"] * 13)), "Up to 12 words"),
    (lambda: paradigms.classify_words("x" * 41), "longer than 40"),
    (lambda: paradigms.generate_text("RO", 10, 1.0, 0), "exactly one character"),
    (lambda: paradigms.generate_text("€", 10, 1.0, 0), "never saw"),
    (lambda: paradigms.generate_text("R", 401, 1.0, 0), "from 1 to 400"),
    (lambda: paradigms.generate_text("R", 10, 3, 0), "Temperature must be from 0.1 to 2"),
    (lambda: paradigms.generate_text("R", 10, "hot", 0), "Temperature must be a number"),
    (lambda: paradigms.generate_text("R", 10, float("nan"), 0), "Temperature must be from"),
    (lambda: paradigms.identify_language(""), "Type a sentence"),
    (lambda: paradigms.identify_language("日本語です"), "None of those characters"),
    (lambda: paradigms.tag_synced(""), "Type a sentence"),
    (lambda: paradigms.translate_sentence("  "), "Type an English sentence"),
    (lambda: paradigms.translate_sentence("word " * 40), "Shorten it"),
    (lambda: tradeoffs.show_sizes(65), "from 1 to 64"),
    (lambda: tradeoffs.show_speed(6), "from 1 to 5"),
    (lambda: tradeoffs.show_delays(1234, 64, 0), "shipped checkpoints"),
    (lambda: tradeoffs.show_delays(1000, 5000, 0), "from 16 to 512"),
    (lambda: tradeoffs.show_directions("word " * 33), "Up to 32 words"),
])
def test_bad_input_gets_a_message(call, message):
    with pytest.raises(gr.Error, match=message):
        call()


def test_handlers_answer_with_figures_and_status():
    diagram, text, candidates, status = paradigms.generate_text("T", 50, 1.0, 7)
    assert "1 character in, 50 out" in status and text.count("<span") == 51
    diagram, curve, status = paradigms.identify_language("Le chat dort sur la chaise.")
    assert "Answer: **French**" in status
    diagram, tagged, status = paradigms.tag_synced("Dogs bark.")
    assert "3 words in, 3 tags out" in status and "pos-chip" in tagged
    diagram, bars, table, status = paradigms.classify_words("station, quickly")
    assert "2 word(s)" in status and len(sent_figure(bars)["data"][0]["x"]) == 2
    diagram, status = paradigms.translate_sentence("I am cold.")
    assert "4 tokens in" in status and "subword pieces, ▁ starts a word" in status
    texts = [a["text"] for a in sent_figure(diagram)["layout"]["annotations"]]
    assert "<b>▁cold</b>" in texts and "<b>&lt;/s&gt;</b>" in texts   # the decoder's end mark
    tags, bars, summary = tradeoffs.show_directions("Time flies like an arrow.")
    assert "“flies”" in summary and "had read only “Time flies”" in summary


# ---- the API of a served app with just these tabs ----------------------------------------------

@pytest.fixture(scope="module")
def client():
    from gradio_client import Client
    with gr.Blocks() as demo:
        with gr.Tabs():
            with gr.Tab("Paradigms", id="paradigms", elem_id="tab-paradigms"):
                paradigms.build_paradigms_tab()
            with gr.Tab("Pros and cons, measured", id="tradeoffs", elem_id="tab-tradeoffs"):
                tradeoffs.build_tradeoffs_tab()
    demo.queue()
    yield Client(launch_on_loopback(demo), verbose=False)
    demo.close()


def test_every_endpoint_answers(client):
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/paradigm_isnoun", "/paradigm_generate", "/paradigm_langid", "/paradigm_tag",
            "/paradigm_translate",
            "/tradeoffs_sizes", "/tradeoffs_speed", "/tradeoffs_delay",
            "/tradeoffs_future"} <= names
    status = client.predict("R", 30, 0.5, 1, api_name="/paradigm_generate")[-1]
    assert "30 out" in status
    assert "English" in client.predict("The weather is lovely today.",
                                       api_name="/paradigm_langid")[-1]
    assert "noun" in client.predict("happiness", api_name="/paradigm_isnoun")[2]
    assert "4 words in" in client.predict("Cats chase small mice", api_name="/paradigm_tag")[-1]
    assert "tokens in" in client.predict("Where is the station?",
                                         api_name="/paradigm_translate")[-1]
    assert "for 10" in client.predict(10, api_name="/tradeoffs_sizes")[-1]
    assert "median of 1" in client.predict(1, api_name="/tradeoffs_speed")[-1]
    assert "After 250 training steps" in client.predict(250, 64, 3,
                                                        api_name="/tradeoffs_delay")[-1]
    assert "Computed on" in client.predict("I saw her duck.", api_name="/tradeoffs_future")[-1]


def test_a_bad_request_is_refused_over_the_api(client):
    from gradio_client.exceptions import AppError
    with pytest.raises(AppError, match="maximum value 400"):      # Gradio's own slider check
        client.predict("R", 5000, 1.0, 0, api_name="/paradigm_generate")
    with pytest.raises(AppError, match="exactly one character"):
        client.predict("RO", 50, 1.0, 0, api_name="/paradigm_generate")
