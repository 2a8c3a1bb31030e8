"""The BPTT tab served on loopback (alone in a small app) and called like any client would, by
api_name: answers, messages for bad input, and no traceback."""
import pytest
from gradio_client.exceptions import AppError

from conftest import launch_on_loopback


@pytest.fixture(scope="module")
def bptt_client():
    import gradio as gr
    from gradio_client import Client

    from explainer.ui.bptt import build_bptt_tab
    with gr.Blocks(analytics_enabled=False) as demo:
        build_bptt_tab()
    demo.queue()
    yield Client(launch_on_loopback(demo), verbose=False)
    demo.close()


def test_endpoints_by_api_name(bptt_client):
    names = set(bptt_client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/bptt", "/bptt_from", "/bptt_math_scalar", "/bptt_math_vector", "/bptt_cuts",
            "/bptt_truncated"} <= names


def test_gradients_through_the_app(bptt_client):
    status, graph, norms, why, jacobians, token = bptt_client.predict(
        "Cats that sleep all day are happy .", "lstm", True, 0.5, "tanh", True, 0.1,
        "the tagger's own tag", api_name="/bptt")
    assert "trained LSTM tagger" in status and "loss at token 8" in status
    assert "clipping" in status and "Not the trained model" in status
    assert graph and norms and jacobians and "forget gate" in why
    status, *_ = bptt_client.predict("Cats that sleep all day are happy .", "elman", 3, False,
                                     1.0, "identity", False, 1.0, "NOUN", api_name="/bptt_from")
    assert "loss at token 3" in status and "activation identity" in status


def test_maths_through_the_app(bptt_client):
    forward, backward = bptt_client.predict("1, -0.5, 2", 0.5, 0.8, 0.1, 1.0, "identity",
                                            api_name="/bptt_math_scalar")
    assert "1.364" in forward and "0.2948" in backward
    forward, backward = bptt_client.predict(3, 7, True, 1.5, "relu", api_name="/bptt_math_vector")
    assert "**1.500**" in forward


def test_truncation_through_the_app(bptt_client):
    figure, note = bptt_client.predict(3, 5, api_name="/bptt_cuts")
    assert "send gradient back" in note
    status, curves = bptt_client.predict(3, 20, api_name="/bptt_truncated")
    assert "**done**" in status and "Full BPTT" in status


@pytest.mark.parametrize("endpoint,args,message", [
    ("/bptt", ("", "elman", False, 1, "tanh", False, 1, "NOUN"), "Type a sentence"),
    ("/bptt", ("Dogs bark", "elman", True, 99, "tanh", False, 1, "NOUN"),
     "spectral radius must be from 0.1 to 4; you entered 99"),
    ("/bptt_from", ("Dogs bark", "elman", "two", False, 1, "tanh", False, 1, "NOUN"),
     "loss token must be a whole number"),
    ("/bptt_from", ("Dogs bark", "lstm", 1, False, 1, "sigmoid", False, 1, "NOUN"),
     "Choose an activation"),
    ("/bptt", ("Dogs bark", "elman", False, 1, "tanh", False, 1, "NOT-A-TAG"),
     "Choose the target tag from the list"),
    ("/bptt", ("Dogs bark", "elman", "yes", 1, "tanh", False, 1, "NOUN"),
     "rescale W_hh must be true or false"),
    ("/bptt", (42, "elman", False, 1, "tanh", False, 1, "NOUN"), "sentence must be text"),
    ("/bptt", ("Dogs bark", "elman", False, 1, "tanh", True, 0, "NOUN"),
     "clipping threshold must be from"),
    ("/bptt_math_scalar", ("1, x", 0.5, 0.8, 0.1, 1, "identity"), "Input x_2 must be a number"),
    ("/bptt_truncated", (2.5, 3), "delay D must be a whole number from 1 to 8"),
])
def test_bad_input_is_a_message_not_a_traceback(bptt_client, endpoint, args, message):
    with pytest.raises(AppError) as info:
        bptt_client.predict(*args, api_name=endpoint)
    assert message in str(info.value) and "Traceback" not in str(info.value)
