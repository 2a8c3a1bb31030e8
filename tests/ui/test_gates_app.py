"""The gates tab through the real app: LSTM taggers and the translator's GRU encoder."""
import pytest
from gradio_client.exceptions import AppError

from explainer.ui.gates import CHOICES, GRU_CHOICES
from explainer.ui.notation import NOTATION


def test_lstm_gates_through_the_app(client):
    status, cell, equations, heatmaps, summary, *_ = client.predict(
        "Cats are neat.", "best:1:1", api_name="/gates")
    assert "4 tokens" in status and "rnn-player" in cell
    assert "c_t &= f_t \\odot c_{t+1}" in equations and "Right to left" in equations
    # the diagram's frames carry the equations: its JSON names the previous cell c_{t+1}
    assert "c\\u003csub\\u003et+1\\u003c/sub\\u003e" in cell


def test_gru_gates_through_the_app(client):
    status, cell, equations, heatmaps, summary, token, unit = client.predict(
        "She has a red car.", GRU_CHOICES[0][1], api_name="/gates")
    assert "GRU encoder, forward direction" in status and "6 tokens" in status
    assert "n_t &= \\tanh(x_t W_{in}^\\top + b_{in} + r_t \\odot (h_{t-1} W_{hn}^\\top" in equations
    assert unit["maximum"] == 255 and token["maximum"] == 6
    assert 'data-frames="6"' in cell
    backward = client.predict("She has a red car.", GRU_CHOICES[1][1], api_name="/gates")
    assert "backward direction" in backward[0] and "h_{t+1}" in backward[2]


def test_gru_input_is_checked_as_the_translators_is(client):
    with pytest.raises(AppError, match="up to 15 words"):
        client.predict(" ".join(["cat"] * 16), GRU_CHOICES[0][1], api_name="/gates")
    with pytest.raises(AppError, match="Type an English sentence"):
        client.predict("  ", GRU_CHOICES[1][1], api_name="/gates")
    with pytest.raises(AppError, match="is not one of the choices"):
        client.predict("Cats.", "gru:plain:0", api_name="/gates")


def test_words_read_in_pieces_are_named_and_shown_as_typed(client):
    """The translator's encoder reads subword pieces: a word it reads in several is named, with
    its pieces, and nothing typed reaches KaTeX or the page as markup."""
    status = client.predict("I love zorb$ax$ cats.", GRU_CHOICES[0][1], api_name="/gates")[0]
    assert "read in pieces: “zorb<span>&#36;</span>ax” as ▁ z or b <span>&#36;</span> a x" \
        in status
    assert "$" not in status.split("⚠")[1]           # a typed $ reaches KaTeX as an entity
    assert "&lt;unk&gt;" not in status


def test_every_choice_answers(client):
    for _, value in CHOICES:                # the taggers read 3 words, the encoder 4 pieces
        tokens = 4 if value.startswith("gru") else 3
        status = client.predict("Dogs bark.", value, api_name="/gates")[0]
        assert status.startswith(f"{tokens} tokens"), status


def test_notation_key_is_in_the_app(demo):
    shown = [getattr(block, "value", None) for block in demo.blocks.values()]
    assert sum(NOTATION.strip() in str(v) for v in shown) >= 2      # start page and gates tab
