"""The Translation tab's words: the intro, the translations table, notes on words the models know
badly, the what-if results. HTML built here from traces; every user-typed or model-written
string is escaped."""
from __future__ import annotations

from html import escape

import numpy as np

from ..data.pairs import MAX_SOURCE_WORDS
from ..data.subwords import piece_text, words_of
from ..explain.translation_words import WORD_RULE
from ..traces.translation import DecodingTrace, TextTranslationTrace

SHOWN = {"<unk>": "⟨unk⟩", "</s>": "⟨end⟩"}


def _t(token: str) -> str:
    return escape(SHOWN.get(token, token))


def intro(vocabulary: dict) -> str:
    """The tab's intro, with the models' own vocabulary sizes."""
    if vocabulary["unit"] == "word":
        units = (f"These translators read and write whole words: {vocabulary['English']:,} "
                 f"English and {vocabulary['French']:,} French words (the rest become "
                 "⟨unk⟩), so each word is one token and the figures show words.")
    else:
        units = (f"These translators read and write subword pieces ({vocabulary['English']:,} "
                 f"English, {vocabulary['French']:,} French): a rare word is several pieces. "
                 f"The figures show whole words ({WORD_RULE}); tick the box for pieces.")
    return rf"""
## Translation with an encoder/decoder, and attention
The deck's example: an **encoder** RNN reads the English sentence, a **decoder** RNN writes the
French one word at a time. Without attention the decoder sees only the encoder's last state — the
whole sentence squeezed into one vector. With **attention** (Bahdanau et al., 2015) each output
step looks back at every English word: $\alpha_{{tj}} = \mathrm{{softmax}}_j\, v^\top \tanh(W s_{{t-1}} + U h_j)$,
context $\mathrm{{ctx}}_t = \sum_j \alpha_{{tj}} h_j$. Both models were trained on the Tatoeba English–French pairs
(model cards at the foot of this view), nearly all of them single sentences: your text is split into sentences of up to
**{MAX_SOURCE_WORDS} words**, each translated, and the French joined. {units}
"""


def _words(trace: DecodingTrace, side: str) -> list[str]:
    tokens = trace.source if side == "source" else trace.target
    if trace.unit == "word":
        return [_t(t) for t in tokens]
    return [escape(piece_text([tokens[i] for i in g])) for g in words_of(list(tokens))]


def numbered(trace: DecodingTrace) -> str:
    """The shown sentence's steps and English words, numbered for the what-if sliders."""
    steps = " · ".join(f"<b>{i}</b> {_t(t)}" for i, t in enumerate(trace.target, 1))
    words = " · ".join(f"<b>{i}</b> {w}" for i, w in enumerate(_words(trace, "source"), 1))
    unit = "token" if trace.unit == "piece" else "word"
    return (f"<p class='dim'>Steps (one French {unit} each): {steps}<br>"
            f"English words: {words}</p>")


def summary(result: TextTranslationTrace) -> str:
    rows = "".join(
        f"<tr><td>{'▸ ' if i == result.shown else ''}{escape(en)}</td><td>{escape(att)}</td>"
        f"<td>{escape(pl)}</td></tr>"
        for i, (en, att, pl) in enumerate(zip(result.sentences, result.attention_texts,
                                              result.plain_texts)))
    out = [f"<p class='translation'><b>with attention</b>: {escape(result.attention_text)}</p>",
           f"<p class='translation'><b>plain (fixed context)</b>: "
           f"{escape(result.plain_text)}</p>"]
    if len(result.sentences) > 1:
        out.append("<table class='translation-sentences'><tr><th>English, sentence by sentence"
                   "</th><th>with attention</th><th>plain</th></tr>" + rows + "</table>"
                   f"<p class='dim'>Drawn below: sentence {result.shown + 1} of "
                   f"{len(result.sentences)} (▸).</p>")
    out.append(numbered(result.steps))
    out.append(f"<p class='dim'>{escape(result.decoding)} · computed on {escape(result.device)} "
               f"in {result.seconds * 1000:.0f} ms</p>")
    return "".join(out)


def _counts(note) -> str:
    return " + ".join(f"<code>{escape(p)}</code>" + (f" ({n:,}×)" if n >= 0 else "")
                      for p, n in zip(note.pieces, note.seen))


def notes_html(result: TextTranslationTrace) -> str:
    """What each badly known word is to the models: outside the vocabulary, or pieces with
    their training counts (when the vocabulary stores them)."""
    vocab, out, done = result.vocabulary, [], set()
    for note in result.notes:
        if (note.side, note.word) in done:
            continue
        done.add((note.side, note.word))
        word = escape(note.word)
        if not note.known and note.side == "English":
            seen = "" if not vocab["counted"] else " (seen in training fewer times than the "\
                "vocabulary's minimum)"
            out.append(f"<li>“{word}” is not in the models' {vocab['English']:,}-word English "
                       f"vocabulary{seen}: the encoder reads ⟨unk⟩ for it, so whatever they "
                       "write for it is a guess from the other words.</li>")
        elif not note.known:
            out.append(f"<li>The attention model wrote ⟨unk⟩: the token it writes for any "
                       f"French word outside its {vocab['French']:,}-word vocabulary, so which "
                       "word it meant cannot be read from it.</li>")
        else:
            verb = "reads" if note.side == "English" else "wrote"
            out.append(f"<li>“{word}” ({note.side}): the model {verb} it as "
                       f"{len(note.pieces)} piece{'s' if len(note.pieces) > 1 else ''}: "
                       f"{_counts(note)}.</li>")
    if not out:
        return ""
    legend = (" (n× = how often the training pairs held each piece)"
              if vocab.get("counted") else "")
    return f"<p>⚠ Words the models know badly{legend}:</p><ul class='translation-notes'>" + \
        "".join(out) + "</ul>"


def what_if_html(original: DecodingTrace, forced: DecodingTrace, step: int | None = None,
                 word: int | None = None, words=None, prefix: str | None = None,
                 vocab=None) -> str:
    """The what-if's French beside the original, and how probable each forced step was."""
    out = [f"<p><b>before</b>: {escape(original.text)}<br><b>after</b>: "
           f"{escape(forced.text)}</p>"]
    if prefix is not None:
        typed = vocab.target_tokens(prefix)
        unknown = [t for t in typed if t not in vocab.target.index_of]
        probs = forced.probabilities if forced.probabilities is not None else np.ones(0)
        cells = " · ".join(f"{_t(t)}{' (as ⟨unk⟩)' if t in unknown else ''} "
                           f"<b>{p:.0%}</b>" if p >= 0.01 else
                           f"{_t(t)}{' (as ⟨unk⟩)' if t in unknown else ''} <b>{p:.2%}</b>"
                           for t, p in zip(typed, probs))
        unit = "piece" if forced.unit == "piece" else "word"
        out.append(f"<p>How probable the model found each {unit} you typed: {cells}.</p>")
        if unknown:
            out.append("<p>⚠ Not in the model's French vocabulary, so it read ⟨unk⟩ for: "
                       f"<b>{escape(', '.join(unknown))}</b> (kept as you typed it).</p>")
    else:
        source = _words(original, "source")[word - 1]
        before = _t(original.target[step - 1])
        after = _t(forced.target[step - 1]) if step <= len(forced.target) else "—"
        wrote = (f"the model still wrote “{after}”" if after == before else
                 f"the model wrote “{after}” instead of “{before}”")
        out.append(f"<p>At step {step} all attention went to “{source}” (its context is that "
                   f"word's encoder state): {wrote}, then went on by itself.</p>")
    out.append(f"<p class='dim'>{escape(forced.decoding)}</p>")
    return "".join(out)
