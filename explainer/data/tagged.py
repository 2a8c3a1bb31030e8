"""Tagged sentences from CoNLL-U files and from `word,tag` tables, with line-numbered errors.

CoNLL-U (https://universaldependencies.org/format.html): one word per line, 10 tab-separated
columns, blank line after each sentence, `#` comment lines. We keep column 2 (FORM) and
column 4 (UPOS) of the syntactic words and skip
    multiword-token ranges  `1-2  don't  _ ...`  (their words `do`, `n't` follow on their own lines)
    empty nodes             `8.1 ...`            (enhanced-dependency helpers, not in the text)

A `word,tag` table (.csv or .tsv) is what a class uploads: one `word<sep>tag` row per word,
a blank line between sentences, an optional `word,tag` header. Tags must be UPOS.

Both readers raise `DataFormatError` naming the file and line, and saying what to fix: they
validate uploads, so their messages are for people, and quote at most a short excerpt of a line.
They read one line at a time and stop at the first of their `ReadLimits` a file passes (bytes,
characters per line, sentences, words per sentence), so an oversized upload costs no more than
the part of it that was read.
"""
from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from conllu.exceptions import ParseException
from conllu.parser import DEFAULT_FIELDS, parse_comment_line, parse_line

# The 17 universal part-of-speech tags, in the order of the UD documentation.
UPOS_TAGS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
             "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X")
EXCERPT_CHARS = 40       # of an offending line or cell, quoted in a message


class DataFormatError(ValueError):
    """A malformed input file; `line` is 1-based (0 when the problem is the whole file)."""

    def __init__(self, source: str, line: int, message: str):
        self.source, self.line = source, line
        where = f"{source}, line {line:,}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ReadLimits:
    """What a reader accepts (None: no limit); it stops at the first line past one of them."""
    file_bytes: int | None = None
    line_chars: int | None = None
    sentences: int | None = None
    words: int | None = None             # per sentence


NO_LIMITS = ReadLimits()


@dataclass(frozen=True)
class TaggedSentence:
    words: tuple[str, ...]
    tags: tuple[str, ...]
    line: int = 0          # where the sentence starts in its file, for messages
    sent_id: str = ""

    def __len__(self) -> int:
        return len(self.words)


def excerpt(text: str) -> str:
    """`text` quoted for a message, cut to EXCERPT_CHARS characters."""
    return repr(text) if len(text) <= EXCERPT_CHARS else repr(text[:EXCERPT_CHARS]) + "…"


def check_tag(tag: str, source: str, line: int) -> str:
    if tag not in UPOS_TAGS:
        hint = f" (did you mean {tag.upper()}?)" if tag.upper() in UPOS_TAGS else ""
        raise DataFormatError(source, line, f"unknown tag {excerpt(tag)}{hint}; use one of the "
                                            f"17 UPOS tags: {' '.join(UPOS_TAGS)}")
    return tag


# ---- one sentence at a time ------------------------------------------------------------------

@dataclass
class _Sentence:
    """The sentence being read: its rows so far."""
    start: int = 0
    words: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sent_id: str = ""


# read_row(sentence, line number, text): adds the row's word and tag (or nothing, for a comment)
RowReader = Callable[[_Sentence, int, str], None]


def _sentences(lines: Iterable[tuple[int, str]], source: str, limits: ReadLimits,
               read_row: RowReader) -> list[TaggedSentence]:
    """Blank-line-separated sentences from numbered lines, read as they come: the first line
    past a limit raises, and nothing after it is read."""
    sentences, current = [], _Sentence()
    for number, text in chain(lines, [(0, "")]):      # a blank line closes the last sentence
        if limits.line_chars is not None and len(text) > limits.line_chars:
            raise DataFormatError(source, number, f"a line of more than {limits.line_chars:,} "
                                                  f"characters ({excerpt(text)}); write one "
                                                  "word and its tag per line")
        if text.strip():
            current.start = current.start or number
            read_row(current, number, text)
            _check_size(current, len(sentences), source, number, limits)
        elif current.words:
            sentences.append(TaggedSentence(tuple(current.words), tuple(current.tags),
                                            current.start, current.sent_id))
            current = _Sentence()
        else:
            current = _Sentence()                     # a block of comments only
    return sentences


def _check_size(current: _Sentence, done: int, source: str, number: int,
                limits: ReadLimits) -> None:
    if limits.sentences is not None and current.words and done >= limits.sentences:
        raise DataFormatError(source, number, f"more than {limits.sentences:,} sentences: "
                                              f"keep the first {limits.sentences:,}")
    if limits.words is not None and len(current.words) > limits.words:
        raise DataFormatError(source, number, f"the sentence that starts at line "
                                              f"{current.start:,} has more than {limits.words} "
                                              f"words; split it")


def _file_lines(path: Path, limits: ReadLimits) -> Iterator[tuple[int, str]]:
    """(line number, text) read one line at a time (any line break), a line at most one
    character past limits.line_chars, so that a huge line is not read whole to be refused."""
    size = path.stat().st_size
    if limits.file_bytes is not None and size > limits.file_bytes:
        raise DataFormatError(path.name, 0, f"the file has {size:,} bytes; at most "
                                            f"{limits.file_bytes:,} are read")
    cap = -1 if limits.line_chars is None else limits.line_chars + 1     # the text and "\n"
    with open(path, encoding="utf-8-sig") as f:
        try:
            for number, line in enumerate(iter(lambda: f.readline(cap), ""), start=1):
                yield number, line.rstrip("\n")
        except UnicodeDecodeError as error:
            raise DataFormatError(path.name, _undecodable_line(path), f"not UTF-8 text "
                                  f"({error.reason}); save the file as UTF-8") from None


def _undecodable_line(path: Path) -> int:
    """The number of the first line that is not UTF-8 (the text reader decodes a chunk of
    several lines at a time, so it cannot tell)."""
    decoder, number = codecs.getincrementaldecoder("utf-8-sig")(), 1
    with open(path, "rb") as f:
        while raw := f.readline(1 << 16):
            try:
                decoder.decode(raw)
            except UnicodeDecodeError:
                return number
            number += raw.endswith(b"\n")
    return 0


# ---- CoNLL-U ---------------------------------------------------------------------------------

def _conllu_row(sentence: _Sentence, number: int, text: str, source: str) -> None:
    if text.startswith("#"):
        for key, value in parse_comment_line(text):
            if key == "sent_id" and value:
                sentence.sent_id = value
        return
    columns = text.split("\t")
    if len(columns) != 10:
        raise DataFormatError(source, number, f"expected 10 tab-separated columns, found "
                                              f"{len(columns)} (is the file tab-separated "
                                              "CoNLL-U?)")
    try:
        token = parse_line(text, DEFAULT_FIELDS)
    except ParseException as error:
        message = str(error)
        raise DataFormatError(source, number, message if len(message) <= 200
                              else message[:200] + "…") from None
    if not isinstance(token["id"], int):         # (1, '-', 2) range or (8, '.', 1) empty node
        return
    expected = len(sentence.words) + 1
    if token["id"] != expected:
        raise DataFormatError(source, number, f"word ID {token['id']} where {expected} "
                                              f"was expected (IDs count 1, 2, 3, ...)")
    if not token["form"]:
        raise DataFormatError(source, number, "empty FORM (column 2)")
    sentence.tags.append(check_tag(columns[3], source, number))
    sentence.words.append(token["form"])


def _conllu(lines: Iterable[tuple[int, str]], source: str,
            limits: ReadLimits) -> list[TaggedSentence]:
    sentences = _sentences(lines, source, limits,
                           lambda sentence, number, text: _conllu_row(sentence, number, text,
                                                                      source))
    if not sentences:
        raise DataFormatError(source, 0, "no sentences found (expected CoNLL-U word lines)")
    return sentences


def parse_conllu(text: str, source: str = "<text>",
                 limits: ReadLimits = NO_LIMITS) -> list[TaggedSentence]:
    return _conllu(enumerate(text.splitlines(), start=1), source, limits)


def read_conllu(path: str | Path, limits: ReadLimits = NO_LIMITS) -> list[TaggedSentence]:
    path = Path(path)
    return _conllu(_file_lines(path, limits), path.name, limits)


# ---- word,tag tables -------------------------------------------------------------------------

def _split_row(text: str, delimiter: str, source: str, number: int) -> tuple[str, str]:
    if text.startswith('"'):                     # a quoted word, e.g. `",",PUNCT`
        row = next(csv.reader([text], delimiter=delimiter))
    else:                                        # the tag is last, so `,,PUNCT` is the word ","
        row = text.rsplit(delimiter, 1)
    row = [cell.strip() for cell in row]
    if len(row) != 2 or not row[0] or not row[1]:
        name = "tab" if delimiter == "\t" else repr(delimiter)
        raise DataFormatError(source, number, f"expected `word{delimiter}tag` (two cells "
                                              f"separated by a {name}), found {excerpt(text)}")
    return row[0], row[1]


def _table(lines: Iterable[tuple[int, str]], source: str, delimiter: str | None,
           limits: ReadLimits) -> list[TaggedSentence]:
    """Rows `word<delimiter>tag`; delimiter None: tab if the first row has one, else comma."""
    chosen = [delimiter]

    def read_row(sentence: _Sentence, number: int, text: str) -> None:
        if chosen[0] is None:
            chosen[0] = "\t" if "\t" in text else ","
        word, tag = _split_row(text.strip("\r\n"), chosen[0], source, number)
        if number == 1 and (word.lower(), tag.lower()) == ("word", "tag"):
            return                               # the header
        sentence.tags.append(check_tag(tag, source, number))
        sentence.words.append(word)

    sentences = _sentences(lines, source, limits, read_row)
    if not sentences:
        raise DataFormatError(source, 0, "no rows found; write one `word,tag` row per word "
                                         "and a blank line between sentences")
    return sentences


def parse_word_tag_table(text: str, source: str = "<text>", delimiter: str | None = None,
                         limits: ReadLimits = NO_LIMITS) -> list[TaggedSentence]:
    """Rows `word<delimiter>tag`; blank lines end sentences. delimiter None: tab if the first
    row has one, else comma."""
    return _table(enumerate(text.splitlines(), start=1), source, delimiter, limits)


def read_word_tag_table(path: str | Path,
                        limits: ReadLimits = NO_LIMITS) -> list[TaggedSentence]:
    path = Path(path)
    delimiter = {".tsv": "\t", ".csv": ","}.get(path.suffix.lower())
    return _table(_file_lines(path, limits), path.name, delimiter, limits)


def read_tagged(path: str | Path, limits: ReadLimits = NO_LIMITS) -> list[TaggedSentence]:
    """CoNLL-U for .conllu/.conll files, a word,tag table otherwise."""
    path = Path(path)
    if path.suffix.lower() in (".conllu", ".conll"):
        return read_conllu(path, limits)
    return read_word_tag_table(path, limits)
