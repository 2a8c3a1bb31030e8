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


def _punctuation(piece: str) -> bool:
    """A piece of punctuation only ("." "'" "▁?"), not a byte piece and not a bare "▁"."""
    text = piece.lstrip(WORD_START)
    return bool(text) and not piece.startswith("<0x") and not any(c.isalnum() for c in text)


def words_of(pieces: list[str]) -> list[list[int]]:
    """Positions of the pieces grouped by word, as the text writes words: a piece starting with
    "▁" starts a new word; punctuation between two letters or digits stays inside its word
    (J'adore, es-tu, don't, 3.5); any other punctuation is a word of its own.
        ["▁p", "ur", "ple", "▁cats", "."]          -> [[0, 1, 2], [3], [4]]
        ["▁J", "'", "adore", "▁es", "-", "tu", "▁?"] -> [[0, 1, 2], [3, 4, 5], [6]]"""
    groups: list[list[int]] = []
    for i, piece in enumerate(pieces):
        previous = pieces[i - 1] if i else ""
        following = pieces[i + 1] if i + 1 < len(pieces) else ""
        if not groups or piece.startswith(WORD_START) or piece in SPECIALS \
                or previous in SPECIALS:
            starts = True
        elif _punctuation(piece):      # inside a word only between a letter and a letter
            inside = (previous[-1:].isalnum() and following[:1].isalnum()
                      and not following.startswith(WORD_START))
            starts = not inside
        else:                          # letters after a lone mark ("▁(" "cats") start a word
            starts = all(_punctuation(pieces[j]) for j in groups[-1])
        if starts:
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups


def piece_text(pieces: list[str]) -> str:
    """Pieces as the text they spell, without a model: "▁" dropped, byte pieces decoded.
    ["▁<0x5A>", "o", "<0xC3>", "<0xAB>"] -> "Zoë"."""
    data = bytearray()
    for piece in pieces:
        piece = piece.replace(WORD_START, "")
        if len(piece) == 6 and piece.startswith("<0x") and piece.endswith(">"):
            data.append(int(piece[3:5], 16))
        else:
            data += piece.encode("utf-8")
    return data.decode("utf-8", errors="replace")
