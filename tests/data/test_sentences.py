"""The sentence splitter and the French joiner (explainer/data/sentences.py)."""
import pytest

from explainer.data.sentences import join_french, split_sentences


@pytest.mark.parametrize("text,sentences", [
    ("I love purple cats. Cats are neat.", ["I love purple cats.", "Cats are neat."]),
    ("Mr. Smith is here. He paid 3.5 euros.", ["Mr. Smith is here.", "He paid 3.5 euros."]),
    ("We need food, e.g. Bread and milk. Fine.", ["We need food, e.g. Bread and milk.", "Fine."]),
    ("J. K. Rowling wrote it. I read it.", ["J. K. Rowling wrote it.", "I read it."]),
    ("So do I. Cats are neat.", ["So do I.", "Cats are neat."]),
    ("Wait... what? No! Go.", ["Wait... what?", "No!", "Go."]),
    ("I think... Maybe not.", ["I think...", "Maybe not."]),
    ('He said "Hi." Then he left.', ['He said "Hi."', "Then he left."]),
    ("I paid $5. 3 cats came.", ["I paid $5.", "3 cats came."]),
    ("Dr. No is here...", ["Dr. No is here..."]),
    ("It costs 3.50 euros, i.e. Too much", ["It costs 3.50 euros, i.e. Too much"]),
    ("  no end  ", ["no end"]), ("Hello!\n\nBye.", ["Hello!", "Bye."]), ("   ", []),
])
def test_sentences_split_where_they_end_and_nowhere_else(text, sentences):
    assert split_sentences(text) == sentences


def test_splitting_loses_no_character_but_spaces():
    text = "Mr. Brown, e.g. the one at 3.5 km... He left! Did he? Yes."
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")


def test_french_is_joined_with_french_spacing():
    joined = join_french(["J'adore les chats violets.", "Où es-tu ?", "Quoi?!",
                          "Attention : il est 10:30 ; viens !", ""])
    assert joined == ("J'adore les chats violets. Où es-tu\u202f? Quoi\u202f?! "
                      "Attention\u00a0: il est 10:30\u202f; viens\u202f!")
    assert join_french(["Les chats sont soignés."]) == "Les chats sont soignés."
