"""English text through the trained translators, sentence by sentence and step by step.

explain_text_translation: split into sentences, both models translate each (one batch each),
the attention model's steps and beam tree for one of them. explain_what_if: the same sentence
re-decoded with one attention row or the first French words set by hand. on_words: attention on
whole words from attention on subword pieces."""
from __future__ import annotations

import time

import numpy as np
import torch

from ..data.pairs import EOS
from ..data.sentences import join_french, split_sentences
from ..device import describe, gpu, shared_model
from ..models.decoding import BeamNode, DecodingSteps, explain, translate_many
from ..models.translator import Translator
from ..models.what_if import continue_prefix, force_attention
from ..traces.translation import BeamTreeTrace, DecodingTrace, TextTranslationTrace
from .translation_words import notes_of, on_words, tree_on_words, word_groups

SHIPPED_TRANSLATORS = ("attention", "plain")
TOP_K = 5
SPECIAL_COUNT = 4                     # <pad> <unk> <s> </s>: not words

__all__ = ["SHIPPED_TRANSLATORS", "decoding_trace", "explain_text_translation",
           "explain_translation", "explain_what_if", "load_translator", "on_words",
           "tree_on_words", "warm_up"]


@shared_model
def load_translator(name: str) -> Translator:
    """A shipped translator, loaded once, frozen, on the chosen device; shared by every user
    and every view (the encoder/decoder paradigm runs the same "attention" one)."""
    return Translator.load(name)


def warm_up() -> None:
    """Load both translators now (at start-up), not on a student's request."""
    for name in SHIPPED_TRANSLATORS:
        load_translator(name)


def decoding_trace(steps: DecodingSteps, translator: Translator, seconds: float) -> DecodingTrace:
    """The views' numpy trace of what `explain` computed."""
    source_vocab = translator.vocab.source
    return DecodingTrace(
        model=translator.config.name, source=tuple(steps.source_tokens),
        unknown_source=np.array([t not in source_vocab.index_of for t in steps.source_tokens]),
        target=tuple(steps.target_tokens), text=steps.text,
        attention=None if steps.attention is None else steps.attention.float().numpy(),
        top_k_words=tuple(tuple(w for w, _ in step) for step in steps.top_k),
        top_k_probs=np.array([[p for _, p in step] for step in steps.top_k], dtype=np.float32),
        decoding=steps.decoding, device=describe(translator.device), seconds=seconds,
        probabilities=steps.probabilities.float().numpy(),
        unit="word" if translator.vocab.subwords is None else "piece")


def tree_trace(tree: list[BeamNode], translator: Translator, source: list[str],
               best: list[str], beam_size: int) -> BeamTreeTrace:
    """The beam's nodes as arrays: which were pruned, which lie on the best translation."""
    words = translator.vocab.target.tokens
    parents = np.array([n.parent for n in tree], dtype=np.int64)
    ended = np.array([n.ended for n in tree], dtype=bool)
    steps = np.array([n.step for n in tree], dtype=np.int64)
    children = np.zeros(len(tree), dtype=bool)
    children[parents[parents >= 0]] = True
    last = steps.max(initial=0)
    survivors = ended | (~children & (steps == last))   # finished, or cut by the length limit
    alive, winner = np.zeros(len(tree), bool), np.zeros(len(tree), bool)
    for i in np.flatnonzero(survivors):
        while i >= 0 and not alive[i]:
            alive[i], i = True, parents[i]
    paths = []                       # each node's prefix, in tokens
    for i in range(len(tree)):
        path, j = [], i
        while j >= 0:
            path.append(words[tree[j].id])
            j = parents[j]
        paths.append(path[::-1])
    for i, path in enumerate(paths):  # the node whose prefix is the best translation
        if path == best and survivors[i]:
            while i >= 0:
                winner[i], i = True, parents[i]
            break
    attention = (None if not tree or tree[0].attention is None
                 else torch.stack([n.attention for n in tree]).numpy().astype(np.float32))
    return BeamTreeTrace(
        source=tuple(source), tokens=tuple(words[n.id] for n in tree), parents=parents,
        steps=steps, log_probabilities=np.array([n.log_probability for n in tree], np.float32),
        attention=attention, ended=ended, pruned=~alive, winner=winner, beam_size=beam_size,
        prefixes=tuple(translator.vocab.target_text([t for t in path if t != EOS])
                       for path in paths),
        unit="word" if translator.vocab.subwords is None else "piece")


@gpu(duration=9)  # worst input: 0.69 s on one CPU thread (25 commas, beam 5)
@torch.no_grad()
def explain_translation(text: str, model: str, beam_size: int = 0) -> DecodingTrace:
    """Greedy (beam_size 0) or beam search with the shipped translator `model`, through the step
    loop. ValueError for an empty or too long text."""
    translator = load_translator(model)
    start = time.perf_counter()
    steps = explain(translator, text, beam_size=beam_size, k=TOP_K)  # its tensors are on the CPU
    return decoding_trace(steps, translator, time.perf_counter() - start)


def vocabulary_of(translator: Translator) -> dict:
    vocab = translator.vocab
    return {"unit": "word" if vocab.subwords is None else "piece",
            "English": len(vocab.source) - SPECIAL_COUNT,
            "French": len(vocab.target) - SPECIAL_COUNT,
            "counted": vocab.counts is not None}


@gpu(duration=15)  # worst input: 1.99 s on one CPU thread (2 sentences of 25 tokens, beam 8)
@torch.no_grad()
def explain_text_translation(text: str, beam_size: int = 0, shown: int = 0) -> TextTranslationTrace:
    """Each sentence of `text` by both shipped translators (greedy for beam_size 0 or 1), and
    the attention model's steps and beam tree on sentence `shown` (0-based, clamped). The text
    is checked by the UI first; ValueError for a sentence the models cannot take."""
    sentences = split_sentences(text)
    if not sentences:
        raise ValueError("explain_text_translation: no sentence in the text")
    start = time.perf_counter()
    attention = load_translator("attention")
    shown = min(max(shown, 0), len(sentences) - 1)
    others = sentences[:shown] + sentences[shown + 1:]
    french = {"plain": translate_many(load_translator("plain"), sentences, beam_size),
              "attention": translate_many(attention, others, beam_size) if others else []}
    steps = explain(attention, sentences[shown], beam_size=beam_size, k=TOP_K)
    written = [t for t in steps.target_tokens if t != EOS]
    french["attention"].insert(shown, (steps.text, written))   # the step loop's own words
    tree = tree_trace(steps.tree, attention, steps.source_tokens, steps.target_tokens,
                      max(beam_size, 1))
    notes = tuple(note for sentence, (_, tokens) in zip(sentences, french["attention"])
                  for note in notes_of(attention, sentence, tokens))
    texts = {name: [text for text, _ in found] for name, found in french.items()}
    seconds = time.perf_counter() - start
    return TextTranslationTrace(
        sentences=tuple(sentences), attention_texts=tuple(texts["attention"]),
        plain_texts=tuple(texts["plain"]), attention_text=join_french(texts["attention"]),
        plain_text=join_french(texts["plain"]), shown=shown,
        steps=decoding_trace(steps, attention, seconds), tree=tree, notes=notes,
        vocabulary=vocabulary_of(attention), decoding=steps.decoding.split(",")[0],
        device=describe(attention.device), seconds=seconds)


@gpu(duration=7)  # worst input: 0.22 s on one CPU thread (25 commas re-decoded from step 1)
@torch.no_grad()
def explain_what_if(sentence: str, chosen: list[str], step: int = -1, source_word: int = -1,
                    prefix: str = "") -> DecodingTrace:
    """One sentence through the attention model with a hand-set part: `prefix` (French typed)
    fed first; or else at `step` (0-based) all attention on English word `source_word`
    (0-based; a word of several pieces shares it evenly), after the tokens `chosen` up to it."""
    translator = load_translator("attention")
    start = time.perf_counter()
    if prefix:
        steps = continue_prefix(translator, sentence, prefix, k=TOP_K)
    else:
        tokens = translator.vocab.source_tokens(sentence)
        groups = word_groups(translator, tokens)
        weights = torch.zeros(len(tokens))
        weights[groups[source_word]] = 1.0 / len(groups[source_word])
        steps = force_attention(translator, sentence, translator.vocab.target.encode(chosen),
                                step, weights, k=TOP_K)
    return decoding_trace(steps, translator, time.perf_counter() - start)
