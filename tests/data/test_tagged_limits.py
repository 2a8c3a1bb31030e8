"""Uploads are read one line at a time and refused at the first line past a limit: an oversized
file costs only the part that was read, and a message quotes at most a short excerpt."""
import tracemalloc

import pytest

from explainer.data.tagged import (EXCERPT_CHARS, DataFormatError, ReadLimits, parse_conllu,
                                   parse_word_tag_table, read_tagged)

LIMITS = ReadLimits(file_bytes=2 * 1024 * 1024, line_chars=2000, sentences=1000, words=64)
SENTENCE = "The,DET\ncat,NOUN\nsleeps,VERB\n.,PUNCT\n\n"          # 4 words, 5 lines


def refused(path, limits=LIMITS) -> tuple[DataFormatError, int]:
    """The error reading `path` raises, and the peak of Python's allocations meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(DataFormatError) as caught:
            read_tagged(path, limits)
        return caught.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_huge_line_is_refused_after_reading_little_of_it(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(SENTENCE + "x" * 10_000_000 + ",NOUN\n")
    error, peak = refused(path, ReadLimits(line_chars=2000))
    assert error.line == 6 and "more than 2,000 characters" in str(error)
    assert len(str(error)) < 200 and "x" * (EXCERPT_CHARS + 1) not in str(error)
    assert peak < 1_000_000                  # bytes: the 10 MB line was never held


def test_too_many_sentences_stop_at_the_first_one_too_many(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(SENTENCE * 200_000)                          # ~7 MB, 200,000 sentences
    error, peak = refused(path, ReadLimits(sentences=1000))
    assert error.line == 1000 * 5 + 1 and "more than 1,000 sentences" in str(error)
    assert peak < 5_000_000                  # the first 1,000 sentences, not 200,000


def test_a_long_sentence_is_refused_at_its_first_extra_word(tmp_path):
    path = tmp_path / "class.tsv"
    path.write_text("\n".join(["cat\tNOUN"] * 500))
    error, _ = refused(path)
    assert error.line == 65 and "starts at line 1 has more than 64 words" in str(error)
    with pytest.raises(DataFormatError, match="more than 2 words"):
        parse_conllu("".join(f"{i}\ta\t_\tDET\t_\t_\t_\t_\t_\t_\n" for i in (1, 2, 3)),
                     limits=ReadLimits(words=2))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text(SENTENCE * 100_000)                          # 3.7 MB
    error, peak = refused(path)
    assert error.line == 0 and "at most 2,097,152 are read" in str(error)
    assert peak < 100_000


def test_messages_quote_a_short_excerpt(tmp_path):
    long_cell = "y" * 1500
    for text in (f"{long_cell}\n", f"cat,{long_cell}\n"):        # a bad row, a bad tag
        with pytest.raises(DataFormatError) as caught:
            parse_word_tag_table(text, limits=LIMITS)
        assert len(str(caught.value)) < 300 and "y" * (EXCERPT_CHARS + 1) not in str(caught.value)
    bad_id = "y" * 1500 + "\t_" * 9 + "\n"
    with pytest.raises(DataFormatError) as caught:
        parse_conllu(bad_id)
    assert len(str(caught.value)) < 300


def test_not_utf8_names_where_reading_stopped(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(SENTENCE.encode() + bytes(range(128, 256)))
    error, _ = refused(path)
    assert error.line == 6 and "not UTF-8" in str(error)


def test_limits_accept_what_fits(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("word,tag\n" + SENTENCE * 1000)
    sentences = read_tagged(path, LIMITS)
    assert len(sentences) == 1000 and sentences[-1].line == 2 + 999 * 5
    crlf = tmp_path / "windows.csv"
    crlf.write_bytes(SENTENCE.replace("\n", "\r\n").encode("utf-8-sig"))
    assert read_tagged(crlf, LIMITS)[0].words == ("The", "cat", "sleeps", ".")
