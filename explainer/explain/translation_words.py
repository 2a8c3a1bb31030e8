"""Words and pieces for the translation view: which pieces make each word, attention summed
over them, and notes on the words a translator knows badly (with training counts when stored).

A word-level translator's tokens are its words (one token each); a subword one's words are
groups of pieces (explainer.data.subwords.words_of)."""
from __future__ import annotations

import dataclasses

import numpy as np

from ..data.pairs import EOS
from ..data.subwords import piece_text, words_of
from ..models.translator import Translator
from ..traces.translation import BeamTreeTrace, DecodingTrace, WordNote

RARE = 50          # a piece seen fewer times than this in training is noted
WORD_RULE = ("each cell: attention summed over the English word's pieces, averaged over the "
             "French word's pieces (so each row still sums to 1)")


def word_groups(translator: Translator, tokens: list[str]) -> list[list[int]]:
    """Token positions grouped by word (word-level models: one token per word)."""
    if translator.vocab.subwords is None:
        return [[i] for i in range(len(tokens))]
    return words_of(list(tokens))


def _written(pieces, translator: Translator, side: str) -> str:
    if translator.vocab.subwords is None or pieces == [EOS]:
        return " ".join(pieces)
    return translator.vocab.subwords[side].decode(pieces)


def notes_of(translator: Translator, sentence: str, french: list[str]) -> list[WordNote]:
    """The words of one sentence (English read, French written) that are outside the
    vocabulary or hold a piece seen fewer than RARE times in training (a word in several
    well-known pieces, such as J'adore = ▁J ' adore, is not noted)."""
    vocab, notes = translator.vocab, []
    for side, name, tokens in (("source", "English", vocab.source_tokens(sentence)),
                               ("target", "French", french)):
        for group in word_groups(translator, tokens):
            pieces = [tokens[i] for i in group]
            known = all(p in getattr(vocab, side).index_of and p != "<unk>" for p in pieces)
            seen = tuple(vocab.seen(side, p) if known else -1 for p in pieces)
            if not known or any(0 <= n < RARE for n in seen):
                word = _written(pieces, translator, side)
                if word not in [n.word for n in notes if n.side == name]:
                    notes.append(WordNote(name, word, tuple(pieces), seen, known))
    return notes


def _groups(tokens: tuple[str, ...], unit: str) -> list[list[int]]:
    if unit == "word":
        return [[i] for i in range(len(tokens))]
    return words_of(list(tokens))


def on_words(trace: DecodingTrace, words_of_source: list[str] | None = None,
             words_of_target: list[str] | None = None) -> DecodingTrace:
    """The trace on whole words: a French word's row is the mean of its pieces' rows, an
    English word's column the sum of its pieces' columns (WORD_RULE); each French word keeps
    the top-k of its first piece's step. Word-level traces come back unchanged. The labels are
    the words as written (joined pieces) unless given."""
    if trace.unit == "word":
        return trace
    source, target = _groups(trace.source, "piece"), _groups(trace.target, "piece")
    attention = None
    if trace.attention is not None:
        columns = np.stack([trace.attention[:, g].sum(axis=1) for g in source], axis=1)
        attention = np.stack([columns[g].mean(axis=0) for g in target]).astype(np.float32)
    first = [g[0] for g in target]
    join = (lambda tokens, g: piece_text([tokens[i] for i in g]) or "\u2581")
    return dataclasses.replace(
        trace, source=tuple(words_of_source or [join(trace.source, g) for g in source]),
        target=tuple(words_of_target or [join(trace.target, g) for g in target]),
        unknown_source=np.array([trace.unknown_source[g].any() for g in source]),
        attention=attention, top_k_words=tuple(trace.top_k_words[i] for i in first),
        top_k_probs=trace.top_k_probs[first],
        probabilities=None if trace.probabilities is None else np.array(
            [np.prod(trace.probabilities[g]) for g in target], np.float32),
        unit="word", summed=WORD_RULE)


def tree_on_words(tree: BeamTreeTrace) -> BeamTreeTrace:
    """The beam tree's attention rows on whole English words: each node's row (the a_t of the
    step that wrote its token) summed over each word's pieces, so it still sums to 1. Nodes stay
    the beam's own tokens. Word-level trees come back unchanged."""
    if tree.unit == "word":
        return tree
    groups = words_of(list(tree.source))
    attention = None if tree.attention is None else np.stack(
        [tree.attention[:, g].sum(axis=1) for g in groups], axis=1).astype(np.float32)
    return dataclasses.replace(
        tree, source=tuple(piece_text([tree.source[i] for i in g]) or "\u2581" for g in groups),
        attention=attention, unit="word")
