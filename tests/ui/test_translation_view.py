"""The Translation tab's handlers on the shipped translators (the deck's sentence, several
sentences, the beam tree, both what-ifs) and the checks of what a user types, before any work."""
import gradio as gr
import numpy as np
import pytest

from explainer.ui import translation
from explainer.ui.inputs import InputError, read_english_text

DECK = "I love purple cats. Cats are neat."


@pytest.mark.parametrize("text,message", [
    ("   ", "Type an English sentence"),
    ("A cat. " * 29, "up to 200 characters; this one has 202"),
    ("I run. You run. We run. They run. She runs.", "up to 4 sentences at a time; this text has 5"),
    ("I am here. Words " + "word " * 15, "Sentence 2: The translators were trained on sentences of up "
     "to 15 words; this one has 16"),
    ("," * 26, "read this sentence as 26 tokens"),
    ("A" + "," * 23 + ". A" + "," * 23 + ". Go.", "reads this text as 52 tokens; it takes up to 50"),
    (["a list"], "must be text"),
])
def test_text_that_cannot_be_translated_is_refused_with_what_to_do(text, message):
    with pytest.raises(InputError, match=message):
        read_english_text(text)


def test_the_budget_counts_the_models_own_tokens():
    pieces = lambda text: list(text.replace(" ", ""))        # a model reading characters
    assert read_english_text(DECK) == ["I love purple cats.", "Cats are neat."]
    assert read_english_text(DECK, pieces) == ["I love purple cats.", "Cats are neat."]
    with pytest.raises(InputError, match="Sentence 2: The translators read this sentence as 28 "):
        read_english_text("Cats are neat. I love purple cats very much, yes.", pieces)
    with pytest.raises(InputError, match="reads this text as 64 tokens"):
        read_english_text("I love purple cats. " * 4, lambda text: text.split() * 4)


def test_the_deck_sentence_is_translated_sentence_by_sentence():
    result, heatmap, player, tree = translation.translate(DECK, 5, 1, False)
    assert result.count("<tr>") == 3                         # a header and two sentences
    assert "J&#x27;adore les chats" in result and "Les chats sont" in result
    assert "“purple” is not in the models' 5,996-word English vocabulary" in result
    assert "outside its 7,996-word vocabulary" in result and "never seen" not in result.lower()
    assert "beam search (5)" in result and "Drawn below: sentence 1 of 2" in result
    assert "Beam search, 5 hypotheses" in tree.plot and "rnn-player" in player
    second = translation.translate(DECK, 1, 2, False)[0]
    assert "Drawn below: sentence 2 of 2" in second and "Greedy" in translation.translate(
        DECK, 1, 2, False)[3].plot


def test_what_ifs_answer_on_the_shown_sentence():
    forced, heatmap = translation.force_attention(DECK, 1, 1, 4, 3)
    assert "At step 4 all attention went to “purple”" in forced
    prefix, _ = translation.force_prefix(DECK, 1, "Moi, j'aime")
    assert "<b>after</b>: Moi, j&#x27;aime" in prefix and "How probable" in prefix
    with pytest.raises(gr.Error, match="choose a word from 1 to 5"):
        translation.force_attention(DECK, 1, 1, 2, 9)
    with pytest.raises(gr.Error, match="type at most 20"):
        translation.force_prefix(DECK, 1, "le " * 21)
    unknown, _ = translation.force_prefix(DECK, 1, "J'adore les chats mauves")
    assert "Not in the model's French vocabulary" in unknown and "mauves" in unknown
