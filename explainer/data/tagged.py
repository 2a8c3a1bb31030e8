"""Tagged sentences from CoNLL-U files and from `word,tag` tables, with line-numbered errors.

CoNLL-U (https://universaldependencies.org/format.html): one word per line, 10 tab-separated
columns, blank line after each sentence, `#` comment lines. We keep column 2 (FORM) and
column 4 (UPOS) of the syntactic words and skip
    multiword-token ranges  `1-2  don't  _ ...`  (their words `do`, `n't` follow on their own lines)
    empty nodes             `8.1 ...`            (enhanced-dependency helpers, not in the text)

A `word,tag` table (.csv or .tsv) is what a class uploads: one `word<sep>tag` row per word,
a blank line between sentences, an optional `word,tag` header. Tags must be UPOS.

Both readers raise `DataFormatError` naming the file and line, and saying what to fix: they
validate uploads, so their messages are for people.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from conllu.exceptions import ParseException
from conllu.parser import DEFAULT_FIELDS, parse_comment_line, parse_line

# The 17 universal part-of-speech tags, in the order of the UD documentation.
UPOS_TAGS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
             "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X")


class DataFormatError(ValueError):
    """A malformed input file; `line` is 1-based (0 when the problem is the whole file)."""

    def __init__(self, source: str, line: int, message: str):
        self.source, self.line = source, line
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class TaggedSentence:
    words: tuple[str, ...]
    tags: tuple[str, ...]
    line: int = 0          # where the sentence starts in its file, for messages
    sent_id: str = ""

    def __len__(self) -> int:
        return len(self.words)


def check_tag(tag: str, source: str, line: int) -> str:
    if tag not in UPOS_TAGS:
        hint = f" (did you mean {tag.upper()}?)" if tag.upper() in UPOS_TAGS else ""
        raise DataFormatError(source, line, f"unknown tag {tag!r}{hint}; use one of the 17 "
                                            f"UPOS tags: {' '.join(UPOS_TAGS)}")
    return tag


def _blocks(lines: list[str]):
    """(first line number, [(line number, text), ...]) per blank-line-separated block."""
    block: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=1):
        if text.strip():
            block.append((number, text))
        elif block:
            yield block[0][0], block
            block = []
    if block:
        yield block[0][0], block


# ---- CoNLL-U ---------------------------------------------------------------------------------

def _conllu_sentence(block: list[tuple[int, str]], source: str) -> TaggedSentence | None:
    words, tags, sent_id, expected = [], [], "", 1
    for number, text in block:
        if text.startswith("#"):
            for key, value in parse_comment_line(text):
                if key == "sent_id" and value:
                    sent_id = value
            continue
        columns = text.split("\t")
        if len(columns) != 10:
            raise DataFormatError(source, number,
                                  f"expected 10 tab-separated columns, found {len(columns)} "
                                  f"(is the file tab-separated CoNLL-U?)")
        try:
            token = parse_line(text, DEFAULT_FIELDS)
        except ParseException as error:
            raise DataFormatError(source, number, str(error)) from None
        if not isinstance(token["id"], int):     # (1, '-', 2) range or (8, '.', 1) empty node
            continue
        if token["id"] != expected:
            raise DataFormatError(source, number, f"word ID {token['id']} where {expected} "
                                                  f"was expected (IDs count 1, 2, 3, ...)")
        if not token["form"]:
            raise DataFormatError(source, number, "empty FORM (column 2)")
        words.append(token["form"])
        tags.append(check_tag(columns[3], source, number))
        expected += 1
    if not words:
        return None                              # a block of comments only
    return TaggedSentence(tuple(words), tuple(tags), block[0][0], sent_id)


def parse_conllu(text: str, source: str = "<text>") -> list[TaggedSentence]:
    sentences = []
    for _, block in _blocks(text.splitlines()):
        sentence = _conllu_sentence(block, source)
        if sentence is not None:
            sentences.append(sentence)
    if not sentences:
        raise DataFormatError(source, 0, "no sentences found (expected CoNLL-U word lines)")
    return sentences


def read_conllu(path: str | Path) -> list[TaggedSentence]:
    path = Path(path)
    return parse_conllu(_read_text(path), path.name)


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
                                              f"separated by a {name}), found {text!r}")
    return row[0], row[1]


def parse_word_tag_table(text: str, source: str = "<text>",
                         delimiter: str | None = None) -> list[TaggedSentence]:
    """Rows `word<delimiter>tag`; blank lines end sentences. delimiter None: tab if the first
    row has one, else comma."""
    lines = text.splitlines()
    if delimiter is None:
        first = next((line for line in lines if line.strip()), "")
        delimiter = "\t" if "\t" in first else ","
    sentences = []
    for start, block in _blocks(lines):
        words, tags = [], []
        for number, line in block:
            word, tag = _split_row(line.strip("\r\n"), delimiter, source, number)
            if number == 1 and (word.lower(), tag.lower()) == ("word", "tag"):
                continue                         # the header
            words.append(word)
            tags.append(check_tag(tag, source, number))
        if words:
            sentences.append(TaggedSentence(tuple(words), tuple(tags), start))
    if not sentences:
        raise DataFormatError(source, 0, "no rows found; write one `word,tag` row per word "
                                         "and a blank line between sentences")
    return sentences


def read_word_tag_table(path: str | Path) -> list[TaggedSentence]:
    path = Path(path)
    delimiter = {".tsv": "\t", ".csv": ","}.get(path.suffix.lower())
    return parse_word_tag_table(_read_text(path), path.name, delimiter)


def read_tagged(path: str | Path) -> list[TaggedSentence]:
    """CoNLL-U for .conllu/.conll files, a word,tag table otherwise."""
    path = Path(path)
    if path.suffix.lower() in (".conllu", ".conll"):
        return read_conllu(path)
    return read_word_tag_table(path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFormatError(path.name, 0, f"not UTF-8 text ({error.reason} at byte "
                                            f"{error.start}); save the file as UTF-8") from None
