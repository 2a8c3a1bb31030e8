"""What the figures call things, and which units they pick: defined once for every view."""
from __future__ import annotations

import html
from collections.abc import Sequence
from string import punctuation

import numpy as np


def escaped(text: str) -> str:
    """Text that plotly shows as typed: it reads HTML-like tags, so a token such as <unk>, </s>
    or "a<b" is escaped."""
    return html.escape(text, quote=False)


def literal(text: str) -> str:
    """Text to show as typed inside Gradio's Markdown, LaTeX delimiters or not. Every ASCII
    punctuation mark becomes an HTML entity, so Markdown and HTML read none of it, and Gradio,
    which pairs $…$ in the source before Markdown runs, finds no $ to pair; each $ also sits in
    its own <span>, as KaTeX then pairs delimiters within each text node of the page."""
    return "".join(("<span>&#36;</span>" if c == "$" else f"&#{ord(c)};")
                   if c in punctuation else c for c in text)


def token_labels(tokens: Sequence[str]) -> list[str]:
    """Unique labels ("3 cats") for an axis or a frame, so repeated words keep their own
    column, row or frame."""
    return [f"{i + 1} {token}" for i, token in enumerate(tokens)]


def busiest_units(values: np.ndarray, count: int = 4) -> list[int]:
    """The `count` units (columns of values, (T, H)) that move most over the sentence (largest
    standard deviation over its T tokens), busiest first; ties go to the lower index."""
    return np.argsort(-values.std(axis=0), kind="stable")[:count].tolist()
