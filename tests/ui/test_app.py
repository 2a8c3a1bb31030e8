"""The built app, launched on loopback and called like any client would, by api_name."""
import inspect
import logging
import sys
from pathlib import Path

import httpx
import pytest
from gradio_client.exceptions import AppError

from explainer.models.neurons import Neuron, RecurrentNeuron
from explainer.ui.app import CONCURRENCY, QUEUE_SIZE
from explainer.ui.inputs import LIVE_TRAINING


def test_endpoints_by_api_name(client):
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/neuron_shapes", "/stateful", "/noop"} <= names
    assert client.predict(api_name="/noop") == "ok"


def test_shape_explorer_through_the_app(client):
    table, bugs = client.predict(5, 3, 7, 2, api_name="/neuron_shapes")
    assert "`(5, 3, 7)`" in table and "`(3, 2)`" in table
    assert "AttributeError" in bugs


def test_stateful_through_the_app(client):
    plot, text = client.predict(4, 0, api_name="/stateful")
    assert "recurrent neuron by" in text and plot


@pytest.mark.parametrize("args", [(0, 2, 3, 4), (7, 2, -1, 4), (100000, 1, 1, 1)])
def test_bad_input_is_a_message_not_a_traceback(client, args):
    with pytest.raises(AppError) as info:
        client.predict(*args, api_name="/neuron_shapes")
    assert "must be from" in str(info.value) and "Traceback" not in str(info.value)


def test_app_shows_the_code_it_runs(demo):
    codes = [b.value.strip() for b in demo.blocks.values() if type(b).__name__ == "Code"]
    for cls in (Neuron, RecurrentNeuron):
        assert inspect.getsource(cls).strip() in codes


def test_queue_is_configured_for_a_class(demo):
    assert CONCURRENCY >= 4 and QUEUE_SIZE >= 100
    assert demo._queue.default_concurrency_limit == CONCURRENCY
    assert demo._queue.max_size == QUEUE_SIZE
    # no event drops back to one-at-a-time; only live training is capped, on purpose
    limits = {fn.api_name: fn.concurrency_limit for fn in demo.fns.values()}
    groups = {fn.api_name: fn.concurrency_id for fn in demo.fns.values()}
    # every live training shares ONE cap: the same group, so two runs in all, not two per view
    for capped in ("pos_train_class", "bptt_truncated"):
        assert limits.pop(capped) == LIVE_TRAINING["concurrency_limit"] >= 2
        assert groups[capped] == LIVE_TRAINING["concurrency_id"]
    assert sum(g == LIVE_TRAINING["concurrency_id"] for g in groups.values()) == 2
    # live timings run alone on purpose: two side by side would measure each other
    assert limits.pop("tradeoffs_speed", 1) == 1
    # pages waiting for a first answer computed in the background (ui/later.py) hold no slot
    for waiting in ("bptt_first_curves", "tradeoffs_first"):
        assert limits.pop(waiting) is None and groups[waiting] == "first-answers"
    assert set(limits.values()) == {"default"}
    assert demo.analytics_enabled is False


def test_pos_tagging_through_the_app(client):
    out = client.predict("I love purple cats. Cats are neat.", "slide", api_name="/pos_tag")
    status, tagged = out[0], out[1]
    assert "9 tokens" in status and "pos-chip" in tagged
    assert tagged.count("pos-chip'") == 9 and "NOUN" in tagged


@pytest.mark.parametrize("text,model,message", [("", "slide", "Type a sentence"),
                                                ("cats", "gpt", "is not one of the choices")])
def test_pos_bad_input_is_a_message(client, text, model, message):
    with pytest.raises(AppError, match=message):
        client.predict(text, model, api_name="/pos_tag")


def test_html_in_the_sentence_is_escaped(client):
    tagged = client.predict("<img src=x onerror=alert(1)> 🐈", "best", api_name="/pos_tag")[1]
    assert "<img" not in tagged and "&lt;" in tagged and "🐈" in tagged


def test_gates_through_the_app(client):
    status, cell, equations, heatmaps, summary, *_ = client.predict(
        "Cats are neat.", "best:1:1", api_name="/gates")
    assert "4 tokens" in status and "rnn-player" in cell and "c_t" in equations
    with pytest.raises(AppError, match="Type a sentence"):
        client.predict(" ", "slide:0:0", api_name="/gates")


def test_unrolled_through_the_app(client):
    status, player = client.predict("Cats are neat.", "slide", api_name="/unrolled")
    assert "4 tokens" in status and "rnn-player" in player and 'data-frames="10"' in player


def test_translation_through_the_app(client):
    result, heatmap, player, tree = client.predict("I like black cats.", 1, 1, False,
                                                   api_name="/translate")
    assert "with attention" in result and "chats" in result and "greedy" in result
    assert "rnn-player" in player
    result, _, _, tree = client.predict("I love purple cats. Cats are neat.", 5, 2, False,
                                        api_name="/translate")
    assert "Drawn below: sentence 2 of 2" in result and "“purple” (English): the model reads it " \
        "as 3 pieces" in result
    assert "Beam search, 5 hypotheses" in str(tree)
    forced, heatmap = client.predict("I love purple cats.", 1, 1, 4, 3, False,
                                     api_name="/translate_force_attention")
    assert "At step 4 all attention went to “purple”" in forced
    prefix, _ = client.predict("I love purple cats.", 1, "J'aime les chats", False,
                               api_name="/translate_prefix")
    assert "<b>after</b>: J&#x27;aime les chats" in prefix
    with pytest.raises(AppError, match="up to 15 words"):
        client.predict("one two three four five six seven eight nine ten eleven twelve "
                       "thirteen fourteen fifteen sixteen", 1, 1, False, api_name="/translate")
    with pytest.raises(AppError, match="Type an English sentence"):
        client.predict("   ", 5, 1, False, api_name="/translate")
    with pytest.raises(AppError, match="This translation has 9 steps"):
        client.predict("I like black cats.", 1, 1, 19, 1, False,
                       api_name="/translate_force_attention")


def test_choices_are_accepted_as_the_api_docs_list_them(client):
    """Gradio documents a radio's choices as strings ('250'); the server takes those and the
    numbers the page sends."""
    delays = client.predict("250", 16, 0, api_name="/tradeoffs_delay")
    assert "After 250 training steps" in delays[1]


def test_a_one_word_sentence_gets_its_views(client):
    """A slider's minimum must stay below its maximum: one token gets the range 1-2, fixed."""
    gates = client.predict("Cats", "slide:0:0", api_name="/gates")
    assert gates[0].startswith("1 tokens")
    bptt = client.predict("Cats", "elman", False, 1.0, "tanh", False, 1.0,
                          "the tagger's own tag", api_name="/bptt")
    assert "loss at token 1 “Cats”" in bptt[0]
    for slider in (gates[5], bptt[5]):
        assert (slider["maximum"], slider["value"], slider["interactive"]) == (2, 1, False)


def test_user_text_is_shown_as_typed(client):
    """Gradio's toast renders a message as HTML and the BPTT status runs KaTeX: the user's "<b>"
    and "$" arrive as entities, never as markup."""
    with pytest.raises(AppError) as caught:
        client.predict("cats", "<b>gpt</b>", api_name="/pos_tag")
    assert "“&lt;b&gt;gpt&lt;/b&gt;”" in str(caught.value)
    # tokens "$", "x", "$", "costs", "*": the status quotes the first and the last
    status = client.predict("$x$ costs *", "elman", False, 1.0, "tanh", False, 1.0,
                            "the tagger's own tag", api_name="/bptt")[0]
    assert "at token 5 “&#42;”" in status and "at “<span>&#36;</span>”" in status


def test_an_input_error_logs_one_line_and_no_traceback(client, caplog, capfd):
    with caplog.at_level(logging.INFO, logger="explainer"):
        with pytest.raises(AppError, match="must be a number"):
            client.predict("abc", 2, 3, 4, api_name="/neuron_shapes")
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and "\n" not in refused[0].getMessage()
    assert not refused[0].exc_info
    assert "Traceback" not in capfd.readouterr().err


def test_the_page_config_names_no_server_path(served):
    config = httpx.get(f"{served}config", timeout=30).text
    for folder in (Path(__file__).resolve().parents[2], Path(sys.prefix), Path.home()):
        assert str(folder) not in config
