"""Subword units for the translators: one SentencePiece unigram model per language.

A word the model saw often is one piece; a rare word, a name or a number is several, so no input
is ever unknown:
    "I love purple cats."  ->  ▁I ▁love ▁p ur ple ▁cats .
"▁" marks a piece that starts a word. Characters never seen in training fall back to their UTF-8
bytes (<0xE2> <0x82> <0xAC>), so not even an emoji becomes <unk>. Text is kept cased: names and
numbers can be copied piece by piece, and the model writes capitals itself.

The ids are the models' own: <pad> 0, <unk> 1, <s> 2, </s> 3, then the pieces (the same ids as
explainer.data.pairs). Both translators share the two models, trained on the train split only:
    python -m explainer.train translate --stage subwords --data ../shared/data/tatoeba_eng_fra
writes assets/translate-en.spm.model and assets/translate-fr.spm.model.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import sentencepiece as spm

from .pair_text import normalize_text

SPECIALS = ("<pad>", "<unk>", "<s>", "</s>")          # ids 0, 1, 2, 3
MODEL_FILES = {"source": "translate-en.spm.model", "target": "translate-fr.spm.model"}
WORD_START = "\u2581"                                  # "▁": this piece begins a word


def train_subwords(sentences: Iterable[str], path: str | Path, vocab_size: int) -> Path:
    """Train a unigram model on `sentences` (normalised here) and write it to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=(normalize_text(s) for s in sentences), model_writer=model,
        model_type="unigram", vocab_size=vocab_size, character_coverage=1.0, byte_fallback=True,
        split_digits=True,            # 1984 -> 1 9 8 4: any number is made of known pieces
        pad_id=0, unk_id=1, bos_id=2, eos_id=3, pad_piece=SPECIALS[0], unk_piece=SPECIALS[1],
        bos_piece=SPECIALS[2], eos_piece=SPECIALS[3], num_threads=4, minloglevel=2,
        input_sentence_size=0, shuffle_input_sentence=False,
        hard_vocab_limit=False)       # a small corpus (tests) gets fewer pieces, not an error
    path.write_bytes(model.getvalue())
    return path


class Subwords:
    """One language's pieces: text -> pieces -> text."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.processor = spm.SentencePieceProcessor(model_file=str(self.path))

    @property
    def pieces(self) -> list[str]:
        """Every piece in id order, the specials first."""
        return [self.processor.id_to_piece(i) for i in range(self.processor.get_piece_size())]

    def encode(self, text: str) -> list[str]:
        return self.processor.encode(normalize_text(text), out_type=str)

    def encode_many(self, texts: list[str]) -> list[list[str]]:
        return self.processor.encode([normalize_text(t) for t in texts], out_type=str)

    def decode(self, pieces: Iterable[str]) -> str:
        """Pieces -> text; specials are dropped, byte pieces joined back into characters."""
        return self.processor.decode_pieces([p for p in pieces if p not in SPECIALS])


def words_of(pieces: list[str]) -> list[list[int]]:
    """Positions of the pieces grouped by word: a piece starting with "▁" starts a new word.
    ["▁pur", "ple", "▁cats", "."] -> [[0, 1], [2], [3]]: punctuation after a word is a word."""
    groups: list[list[int]] = []
    for i, piece in enumerate(pieces):
        starts = piece.startswith(WORD_START) or not groups or piece in SPECIALS
        if not starts and not piece[:1].isalnum() and not piece.startswith("<0x"):
            starts = not pieces[i - 1].startswith("<0x")   # "." after "cats" is its own word
        if starts:
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups
