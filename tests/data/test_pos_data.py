"""Readers (CoNLL-U and word,tag tables), vocabularies and batches, on hand-written fixtures."""
from collections import Counter
from pathlib import Path

import pytest
import torch

from explainer.data.batching import IGNORE, make_batch
from explainer.data.tagged import (UPOS_TAGS, DataFormatError, TaggedSentence, parse_conllu,
                                   parse_word_tag_table, read_conllu, read_tagged)
from explainer.data.vocab import PAD, UNK, TaggerVocab, Vocab, normalize, shape, suffix

from conftest import malformed_file

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_conllu_skips_multiword_ranges_and_empty_nodes():
    first, second = read_conllu(FIXTURES / "good.conllu")
    assert first.words == ("We", "do", "n't", "bake", "bread", ".")        # not "don't"
    assert first.tags == ("PRON", "AUX", "PART", "VERB", "NOUN", "PUNCT")
    assert first.sent_id == "fixture-1"
    assert second.words == ("Mia", "paints", "and", "Leo", "sings", ".")   # no 4.1 copy
    assert second.line == 12


@pytest.mark.parametrize("name,line,words", [
    ("bad-columns.conllu", 3, "expected 10 tab-separated columns, found 4"),
    ("bad-id.conllu", 6, "'two' is not a valid ID"),
    ("bad-order.conllu", 2, "word ID 3 where 2 was expected"),
    ("bad-tag.conllu", 2, "unknown tag 'VB'"),
    ("bad-tag.csv", 2, "did you mean VERB?"),
    ("bad-row.tsv", 2, "two cells separated by a tab"),
])
def test_malformed_files_name_the_line(name, line, words, tmp_path):
    with pytest.raises(DataFormatError) as caught:
        read_tagged(malformed_file(tmp_path, name))
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{name}, line {line}: ")
    assert words in str(caught.value)


def test_empty_input_says_what_to_write():
    with pytest.raises(DataFormatError, match="no sentences"):
        parse_conllu("# only a comment\n\n")
    with pytest.raises(DataFormatError, match="one `word,tag` row per word"):
        parse_word_tag_table("\n\n")


def test_csv_table_with_header_quotes_and_bare_commas():
    sentences = read_tagged(FIXTURES / "good.csv")
    assert [s.words for s in sentences] == [("Snow", "falls", ",", "softly", "."),
                                            ("We", "count", "1,000", "flakes"),
                                            ("Yes", ",", "indeed")]
    assert sentences[1].tags == ("PRON", "VERB", "NUM", "NOUN")
    assert sentences[1].line == 8


def test_tsv_table():
    sentences = read_tagged(FIXTURES / "good.tsv")
    assert [(s.words, s.tags) for s in sentences] == [
        (("Birds", "migrate"), ("NOUN", "VERB")), (("Fish", ",", "too"), ("NOUN", "PUNCT", "ADV"))]


def test_word_features():
    assert normalize("Paris1984") == "paris0000"
    assert [shape(w) for w in ("Paris", "U.S.", "3.5", "cats", "McDonald's")] == \
        ["Xx", "X.X.", "d.d", "x", "XxXx'x"]
    assert suffix("Walked") == "ked" and suffix("a") == "a"


def test_vocab_specials_unknowns_and_min_count():
    vocab = Vocab.build(Counter({"the": 5, "cat": 2, "rare": 1}), min_count=2)
    assert vocab.tokens[:2] == [PAD, UNK] and len(vocab) == 4
    assert vocab.encode(["the", "rare", "zebra"]) == [2, 1, 1]
    tags = Vocab(list(UPOS_TAGS), unk=False)
    with pytest.raises(KeyError):
        tags["NN"]


def test_tagger_vocab_round_trips_through_json(tmp_path):
    sentences = read_tagged(FIXTURES / "good.csv")
    vocab = TaggerVocab.build(sentences, UPOS_TAGS, min_word_count=1, min_char_count=1)
    loaded = TaggerVocab.load(vocab.save(tmp_path / "v.vocab.json"))
    for name in ("words", "shapes", "suffixes", "chars", "tags"):
        assert getattr(loaded, name).tokens == getattr(vocab, name).tokens
    assert loaded.tags.tokens == list(UPOS_TAGS)
    assert loaded.words["never-seen"] == 1


def test_batch_shapes_padding_and_char_clipping():
    sentences = [TaggedSentence(("A", "very", "longlonglonglonglonglongword"),
                                ("DET", "ADV", "NOUN")), TaggedSentence(("Hi",), ("INTJ",))]
    vocab = TaggerVocab.build(sentences, UPOS_TAGS, min_word_count=1, min_char_count=1)
    batch = make_batch(vocab, [list(s.words) for s in sentences],
                       [list(s.tags) for s in sentences], max_word_chars=8)
    assert batch.words.shape == batch.mask.shape == batch.tags.shape == (2, 3)
    assert batch.lengths.tolist() == [3, 1]
    assert batch.tags[1, 1:].tolist() == [IGNORE, IGNORE]
    assert batch.chars.shape == (4, 8)                   # 4 real words, clipped to 8 letters
    assert batch.char_lengths.tolist() == [1, 4, 8, 2]
    kept = "".join(vocab.chars.decode(batch.chars[2].tolist()))
    assert kept == "longword"                            # first 4 and last 4 letters
    assert batch.to("cpu").words.dtype == torch.long
