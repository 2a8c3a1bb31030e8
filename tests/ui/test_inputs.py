"""The checks at the boundary (explainer.ui.inputs): each returns a value to compute with, or an
InputError whose message says what to do."""
import math

import pytest

from explainer.figures import unrolled
from explainer.ui.errors import InputError
from explainer.ui.inputs import (MAX_QUOTED, MAX_TEXT, MAX_TOKENS, SEED_MAX, choice_value,
                                 file_value, flag, number_value, one_of, read_english, read_seed,
                                 read_sentence, real_number, short_text, shown, text_value,
                                 whole_number)


@pytest.mark.parametrize("text,message", [("", "Type a sentence"), ("   ", "Type a sentence"),
                                          (None, "Type a sentence"),
                                          (42, "must be text, not int")])
def test_empty_text_is_refused(text, message):
    with pytest.raises(InputError, match=message):
        read_sentence(text)


def test_long_text_is_cut_with_a_note():
    tokens, note = read_sentence("cats " * 100)
    assert len(tokens) == MAX_TOKENS and "only the first 64" in note
    tokens, note = read_sentence("a" * 5000)
    assert "first 2000 characters" in note
    assert read_sentence(" Cats are neat. ") == (["Cats", "are", "neat", "."], "")


def test_every_sentence_the_ui_reads_can_be_unrolled():
    assert MAX_TOKENS <= unrolled.MAX_TOKENS


def test_english_is_tokenised_as_the_translators_read_it():
    assert read_english("I don't know Tom's dog.") == [                # the encoder's pieces
        "▁I", "▁don", "'", "t", "▁know", "▁Tom", "'", "s", "▁dog", "."]
    assert len(read_english(" ".join(["cat"] * 15))) == 15


@pytest.mark.parametrize("text,message", [
    ("   ", "Type an English sentence to translate"), (None, "Type an English sentence"),
    (" ".join(["cat"] * 16), "trained on sentences of up to 15 words; this one has 16"),
    (["I", "am"], "must be text, not list")])
def test_english_that_cannot_be_translated_is_refused(text, message):
    with pytest.raises(InputError, match=message):
        read_english(text)


def test_numbers():
    assert whole_number("Steps", 4.0, 1, 6) == 4 and whole_number("Steps", "6", 1, 6) == 6
    assert real_number("Temperature", "0.8", 0.1, 2.0) == 0.8
    assert read_seed(0) == 0 and read_seed(SEED_MAX) == SEED_MAX == 2**31 - 1


@pytest.mark.parametrize("check,message", [
    (lambda: whole_number("Steps", None, 1, 6), "Steps is empty: enter a whole number from 1 to 6"),
    (lambda: whole_number("Steps", 2.5, 1, 6), "whole number from 1 to 6, not 2.5"),
    (lambda: whole_number("Steps", "two", 1, 6), "whole number from 1 to 6, not “two”"),
    (lambda: whole_number("Steps", 7, 1, 6), "Steps must be from 1 to 6; you entered 7"),
    (lambda: real_number("Temperature", "hot", 0.1, 2), "a number from 0.1 to 2, not “hot”"),
    (lambda: real_number("Temperature", math.nan, 0.1, 2), "from 0.1 to 2; you entered nan"),
    (lambda: real_number("x", 1e9, -100, 100), "x must be from -100 to 100"),
    (lambda: read_seed(-1), "Seed must be from 0 to 2147483647; you entered -1"),
    (lambda: read_seed(2**31, "Sampling seed"), "Sampling seed must be from 0 to 2147483647"),
])
def test_bad_numbers_say_what_is_allowed(check, message):
    with pytest.raises(InputError, match=message):
        check()


def test_choices_accept_values_and_label_value_pairs():
    pairs = [("Elman RNN", "elman"), ("LSTM", "slide")]
    assert one_of("slide", pairs, "Choose a cell.") == "slide"
    assert one_of("best", ("slide", "best"), "Choose a tagger.") == "best"
    for bad in ("Elman RNN", "gru", None, ["slide"]):
        with pytest.raises(InputError, match="Choose a cell."):
            one_of(bad, pairs, "Choose a cell.")


def test_flags_are_true_or_false():
    assert flag("clip", True) is True and flag("clip", 0) is False
    with pytest.raises(InputError, match="clip must be true or false, not “false”"):
        flag("clip", "false")


@pytest.mark.parametrize("text,message", [
    ("," * 26, "read this sentence as 27 tokens"),           # one whitespace word: "▁" + 26
    ("." * 10_000, "up to 200 characters; this one has 10000"),
    ("I " + "x" * 250, "up to 200 characters")])
def test_english_is_counted_in_the_tokens_the_encoder_reads(text, message):
    with pytest.raises(InputError, match=message):
        read_english(text)
    assert len(read_english("Tom, don't you think that it's late, isn't it, Mary?")) == 21


def test_short_text_refuses_before_parsing():
    assert short_text(None, 10, "Too long.") == "" and short_text("abc", 3, "Too long.") == "abc"
    with pytest.raises(InputError, match=r"Too long\. \(That text has 10,000,000 characters"):
        short_text("a" * 10_000_000, 200, "Too long.")
    with pytest.raises(InputError, match="must be text, not list"):
        short_text(["a"], 200, "Too long.")


# ---- raw values, as a request sends them --------------------------------------------------

def test_messages_quote_a_short_excerpt():
    assert shown("a" * 1000) == "“" + "a" * MAX_QUOTED + "…”" and shown("cat") == "“cat”"
    assert shown("x\ud800") == "“x\ufffd”"              # a message must be sendable as UTF-8
    assert (shown(None), shown(True), shown([1]), shown({"a": 1})) == (
        "null", "true", "a list", "an object")
    assert len(shown(10**100)) == MAX_QUOTED + 1
    with pytest.raises(InputError) as caught:
        whole_number("Steps", "," * 10_000, 1, 6)
    assert len(str(caught.value)) < 120


@pytest.mark.parametrize("value,message", [
    (42, "must be text, not 42"), (["a"], "must be text, not a list"),
    ("a" * (MAX_TEXT + 1), "at most 100,000"), ("ok\ud800", "broken character .* position 3")])
def test_text_is_text_of_valid_unicode(value, message):
    assert text_value("“Sentence”", "I am cold.") == "I am cold." and text_value("s", None) is None
    with pytest.raises(InputError, match=message):
        text_value("“Sentence”", value)


@pytest.mark.parametrize("value,message", [
    ("3", "must be a number, not the text “3”"), (True, "must be a number, not true"),
    (math.nan, "finite number, not nan"), (math.inf, "finite number, not inf"),
    ([1], "not a list"), (65, "at most 64; you sent 65"), (0, "at least 1; you sent 0")])
def test_numbers_are_finite_json_numbers_in_range(value, message):
    assert number_value("n", 3, 1, 64) == 3 and number_value("n", None) is None
    with pytest.raises(InputError, match=message):
        number_value("n", value, 1, 64)
    with pytest.raises(InputError, match="not null"):
        number_value("slider", None, empty=False)


def test_a_choice_is_one_of_the_values_or_its_text():
    decoding = [("greedy", 0), ("beam search", 5)]
    assert choice_value("d", 5, decoding) == 5 and choice_value("d", "5", decoding) == 5
    assert choice_value("d", 5.0, decoding) == 5 and choice_value("d", None, decoding) is None
    for bad in (True, "five", [5], 4):
        with pytest.raises(InputError, match=r"is not one of the choices \(0, 5\)"):
            choice_value("d", bad, decoding)
    with pytest.raises(InputError, match=r"\(0, 1, 2, 3, 4, 5, 6, 7, …\)"):
        choice_value("token", 99, range(20))


def test_an_upload_is_a_file_object_never_a_url():
    upload = {"path": "/tmp/gradio/abc/data.csv", "meta": {"_type": "gradio.FileData"}}
    assert file_value("f", upload) is upload and file_value("f", None) is None
    for bad in ("/etc/passwd", {"path": "/etc/passwd"}, [upload]):
        with pytest.raises(InputError, match="must be a file uploaded"):
            file_value("f", bad)
    with pytest.raises(InputError, match="fetches no URL"):
        file_value("f", {**upload, "path": "https://example.com/data.csv"})
