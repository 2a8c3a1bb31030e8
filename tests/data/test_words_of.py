"""Subword pieces grouped into words (explainer.data.subwords.words_of), as the translation view
groups them for attention on words."""
import pytest

from explainer.data.subwords import words_of


@pytest.mark.parametrize("pieces,words", [
    (["▁I", "▁love", "▁p", "ur", "ple", "▁cats", "."], ["▁I", "▁love", "▁purple", "▁cats", "."]),
    (["▁J", "'", "adore", "▁les", "▁chats", "▁viole", "t", "s", "."],
     ["▁J'adore", "▁les", "▁chats", "▁violets", "."]),
    (["▁O", "ù", "▁es", "-", "tu", "▁?"], ["▁Où", "▁es-tu", "▁?"]),
    (["▁I", "▁don", "'", "t", "▁know", "."], ["▁I", "▁don't", "▁know", "."]),
    (["▁", "3", ".", "5", "▁euros", "!"], ["▁3.5", "▁euros", "!"]),
    (["▁P", "ier", "re", "▁paid", "▁", "4", "5", "."], ["▁Pierre", "▁paid", "▁45", "."]),
    (["▁<0xF0>", "<0x9F>", "<0x98>", "<0x80>", "▁ok"], ["▁<0xF0><0x9F><0x98><0x80>", "▁ok"]),
    (["▁\"", "cheap", "\"", "."], ["▁\"", "cheap", "\"", "."]),
    (["▁chats", "</s>"], ["▁chats", "</s>"]),
    (["'", "s"], ["'", "s"]), ([], []),            # a lone mark first: a word of its own
])
def test_pieces_are_grouped_into_the_words_the_text_writes(pieces, words):
    groups = words_of(pieces)
    assert ["".join(pieces[i] for i in g) for g in groups] == words
    assert [i for g in groups for i in g] == list(range(len(pieces)))   # each piece once, in order
