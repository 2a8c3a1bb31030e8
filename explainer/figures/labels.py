"""What the figures call things, and which units they pick: defined once for every view."""
from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np


def escaped(text: str) -> str:
    """Text that plotly shows as typed: it reads HTML-like tags, so a token such as <unk>, </s>
    or "a<b" is escaped."""
    return html.escape(text, quote=False)


def token_labels(tokens: Sequence[str]) -> list[str]:
    """Unique labels ("3 cats") for an axis or a frame, so repeated words keep their own
    column, row or frame."""
    return [f"{i + 1} {token}" for i, token in enumerate(tokens)]


def busiest_units(values: np.ndarray, count: int = 4) -> list[int]:
    """The `count` units (columns of values, (T, H)) that move most over the sentence (largest
    standard deviation over its T tokens), busiest first; ties go to the lower index."""
    return np.argsort(-values.std(axis=0), kind="stable")[:count].tolist()
