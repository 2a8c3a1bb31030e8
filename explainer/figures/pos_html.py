"""HTML views of a TaggingTrace: the tagged sentence and the seven steps from text to numbers.

Pure functions of the trace; every piece of user text goes through html.escape.
"""
from __future__ import annotations

from html import escape

import numpy as np

from ..traces.tagging import TaggingTrace
from .theme import UPOS_COLORS, UPOS_MEANING


def _vector(values: np.ndarray, shown: int = 6) -> str:
    """[0.12, -0.40, ... , 0.05] (n numbers): long vectors are cut in the middle."""
    numbers = [f"{v:.2f}" for v in values.tolist()]
    if len(numbers) > shown:
        numbers = numbers[:shown // 2] + ["…"] + numbers[-(shown // 2):]
    return f"[{', '.join(numbers)}] <span class='dim'>({len(values)} numbers)</span>"


def tagged_sentence(trace: TaggingTrace) -> str:
    """Each token with its tag (colour per UPOS), its probability, and top-3 on hover."""
    chips = []
    for i, token in enumerate(trace.tokens):
        order = np.argsort(-trace.probs[i])[:3]
        tag = trace.tag_names[order[0]]
        top3 = " · ".join(f"{trace.tag_names[k]} {trace.probs[i, k]:.0%}" for k in order)
        unknown = f"<span class='unk' title='{escape(trace.unknown_means)}'>?</span>" \
            if trace.unknown[i] else ""
        chips.append(
            f"<span class='pos-chip' data-index='{i}' title='{escape(top3)}' "
            f"style='border-color:{UPOS_COLORS.get(tag, '#999')}'>"
            f"<span class='pos-word'>{escape(token)}{unknown}</span>"
            f"<span class='pos-tag' style='background:{UPOS_COLORS.get(tag, '#999')}'>"
            f"{escape(tag)}</span><span class='pos-prob'>{trace.probs[i, order[0]]:.0%}</span>"
            f"</span>")
    return f"<div class='pos-sentence'>{''.join(chips)}</div>"


def legend(tags: tuple[str, ...]) -> str:
    items = "".join(f"<span class='pos-legend-item'><span class='swatch' style='background:"
                    f"{UPOS_COLORS.get(t, '#999')}'></span>{escape(t)} "
                    f"<span class='dim'>{escape(UPOS_MEANING.get(t, ''))}</span></span>"
                    for t in tags)
    return f"<div class='pos-legend'>{items}</div>"


def _table(header: list[str], rows: list[list[str]], selected: int | None = None) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(f"<tr class='{'selected' if i == selected else ''}'>"
                   + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for i, row in enumerate(rows))
    return f"<table class='steps'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _what_h_holds(trace: TaggingTrace) -> str:
    if trace.directions == 1:
        return " what the network carries forward about the sentence so far (words 1…t)."
    half = trace.hidden.shape[1] // 2
    return (f" [→h_t ; ←h_t]. The first {half} numbers come from the left-to-right LSTM, which "
            f"has read words 1…t; the last {half} from the right-to-left LSTM, which has read the "
            "sentence from its last word back to t. Together: word t in the whole sentence.")


def seven_steps(trace: TaggingTrace, selected: int = 0) -> str:
    """The deck's "Processing Natural Language with an NN", on this sentence's real tensors."""
    T, n_tags = trace.probs.shape
    tok = [escape(t) for t in trace.tokens]
    ids = trace.word_ids.tolist()
    s = selected
    chosen = int(trace.probs[s].argmax())
    one_hot = ["1" if k == chosen else "0" for k in range(n_tags)]
    steps = [
        ("1. word → index", "Each word, lowercased (digits as 0), is looked up in the "
         "vocabulary built from the training sentences; a word not in it "
         f"({escape(trace.unknown_reason)}) becomes <code>&lt;unk&gt;</code> (index 1).",
         _table(["token", "index"], [[t, f"{i}{' (&lt;unk&gt;)' if i == 1 else ''}"]
                                     for t, i in zip(tok, ids)], s)),
        ("2. tag → index", "The tagger's output classes, each with its index.",
         " ".join(f"<code>{k}:{escape(t)}</code>" for k, t in enumerate(trace.tag_names))),
        ("3. the index tensor", f"The sentence as one tensor of shape <code>(1, {T})</code>.",
         f"<code>tensor([{escape(str(ids))}])</code>"),
        ("4. embedding lookup", f"Row <i>index</i> of the embedding table for each word: shape "
         f"<code>(1, {T}, {trace.word_vectors.shape[1]})</code>."
         + (f" This tagger also appends spelling features, so the LSTM reads "
            f"<code>{trace.input_size}</code> numbers per word."
            if trace.input_size != trace.word_vectors.shape[1] else ""),
         _table(["token", "embedding row"], [[t, _vector(v)] for t, v in
                                             zip(tok, trace.word_vectors)], s)),
        ("5. RNN output per token", f"h_t, shape <code>(1, {T}, {trace.hidden.shape[1]})</code>:"
         + _what_h_holds(trace),
         _table(["token", "h_t"], [[t, _vector(h)] for t, h in zip(tok, trace.hidden)], s)),
        ("6. FC logits", f"The linear layer maps h_t to one score per tag: "
         f"<code>(1, {T}, {n_tags})</code>.",
         _table(["token", "logits"], [[t, _vector(z)] for t, z in zip(tok, trace.logits)], s)),
        ("7. softmax → chosen tag", "Softmax turns scores into probabilities; the largest wins "
         f"(one-hot for <b>{tok[s]}</b>: <code>[{', '.join(one_hot)}]</code>).",
         _table(["token", "tag", "probability"],
                [[t, escape(trace.predicted[i]), f"{trace.probs[i].max():.1%}"]
                 for i, t in enumerate(tok)], s)),
    ]
    return "".join(f"<details class='step' open><summary><b>{title}</b> — {why}</summary>"
                   f"<div class='step-body'>{body}</div></details>" for title, why, body in steps)
