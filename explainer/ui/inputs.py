"""Every check of what a user typed, chose or sent, at the boundary: each function returns the
value the views compute with, or raises InputError with a message that says what to do.

    tokens, note = read_sentence("I love purple cats.")   # (["I", "love", ...], "")
    read_english("I am cold.")                            # ["▁I", "▁am", "▁cold", "."]
    whole_number("Steps", 4.0, 1, 6)                      # 4
    real_number("Temperature", "0.8", 0.1, 2.0)           # 0.8
    read_seed(7)                                          # 7, or a message for -1 or 2**31
    one_of("gru", CELL_CHOICES, "Choose a cell: ...")     # "gru"
    flag("clip", False)                                   # False

Every request's values first pass the raw checks below (text_value, number_value, choice_value,
file_value: ui/boundary.py picks one per component), so a handler gets the JSON type its component
sends; the checks after them still trust no type, since tests and handlers built with
`preprocess=False` pass values as they come. A message quotes at most MAX_QUOTED characters of
what was sent.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable

from ..data.pair_text import english_words
from ..data.pairs import MAX_SOURCE_CHARS, MAX_SOURCE_TOKENS, MAX_SOURCE_WORDS
from ..data.sentences import split_sentences
from ..data.tokenizer import tokenize
from .errors import InputError

MAX_TOKENS = 64          # a sentence longer than this is cut: every view reads at most this many
MAX_CHARS = 2000         # read before tokenising, so a pasted book costs no more than a paragraph
SEED_MAX = 2**31 - 1     # seeds are whole numbers 0 … SEED_MAX (a signed 32-bit int)

# Live training runs (a class's tagger, truncated BPTT) share ONE cap, whichever view starts
# them: at most two at once, the rest wait in the queue. Both events pass **LIVE_TRAINING.
LIVE_TRAINING = dict(concurrency_id="live-training", concurrency_limit=2)


# ---- raw values, as a request sends them --------------------------------------------------------

MAX_TEXT = 100_000       # characters in any text box; the views read far fewer (MAX_CHARS, ...)
MAX_QUOTED = 40          # characters of the sender's text quoted back in a message
SURROGATE = re.compile("[\ud800-\udfff]")   # half a UTF-16 pair: cannot even be sent back


def shown(value) -> str:
    """`value` as a message quotes it: text in “…”, cut to MAX_QUOTED characters (a lone
    surrogate shown as �); a number as written; a list or an object by its kind only."""
    if isinstance(value, str):
        text = SURROGATE.sub("\ufffd", value)
        return f"“{text[:MAX_QUOTED]}…”" if len(text) > MAX_QUOTED else f"“{text}”"
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, (int, float)):
        number = repr(value)
        return number if len(number) <= MAX_QUOTED else number[:MAX_QUOTED] + "…"
    return {list: "a list", tuple: "a list", dict: "an object"}.get(type(value), "a value")


def _kind(value) -> str:
    if isinstance(value, str):
        return f"the text {shown(value)}"
    return shown(value)


def text_value(name: str, value) -> str | None:
    """A text box's value: text (or null) of at most MAX_TEXT characters, all valid Unicode."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name} must be text, not {_kind(value)}.")
    if len(value) > MAX_TEXT:
        raise InputError(f"{name} holds {len(value):,} characters; this page reads at most "
                         f"{MAX_TEXT:,}.")
    bad = SURROGATE.search(value)
    if bad:
        raise InputError(f"{name} holds a broken character (half of a UTF-16 pair) at position "
                         f"{bad.start() + 1}: {shown(value)}. Type or paste the text again.")
    return value


def number_value(name: str, value, low: float | None = None, high: float | None = None,
                 empty: bool = True):
    """A number box's or a slider's value: a finite JSON number within [low, high] when they are
    given (null passes when `empty`: the handler says what to type)."""
    if value is None and empty:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{name} must be a number, not {_kind(value)}.")
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, not {shown(value)}.")
    if low is not None and value < low:
        raise InputError(f"{name} must be at least {low:g}; you sent {shown(value)}.")
    if high is not None and value > high:
        raise InputError(f"{name} must be at most {high:g}; you sent {shown(value)}.")
    return value


def choice_value(name: str, value, choices: Iterable):
    """One of a radio's or a dropdown's choices, as the component holds it (or null). Its text
    form passes too ("5" for 5): the API docs list every choice as a string."""
    if value is None:
        return None
    allowed = [c[1] if isinstance(c, tuple) else c for c in choices]
    for choice in allowed:
        if (value == choice and not isinstance(value, bool)) or (
                isinstance(value, str) and not isinstance(choice, str) and value == str(choice)):
            return choice
    listed = ", ".join(str(c) for c in allowed[:8]) + (", …" if len(allowed) > 8 else "")
    raise InputError(f"{name}: {shown(value)} is not one of the choices ({listed}).")


def file_value(name: str, value) -> dict | None:
    """An upload as the page sends it: null, or a file object (path and meta) that names a file
    uploaded to this server; Gradio then checks that the path is in its upload folder."""
    if value is None:
        return None
    if not (isinstance(value, dict) and isinstance(value.get("path"), str)
            and isinstance(value.get("meta"), dict)
            and value["meta"].get("_type") == "gradio.FileData"):
        raise InputError(f"{name} must be a file uploaded with the page's file box, not "
                         f"{_kind(value)}.")
    if "://" in value["path"]:
        raise InputError(f"{name}: upload the file itself; this server fetches no URL.")
    return value


# ---- text ----------------------------------------------------------------------------------------

def read_sentence(text) -> tuple[list[str], str]:
    """The user's text as tokens (at most MAX_TOKENS), and a note on anything that was cut."""
    if not isinstance(text, (str, type(None))):
        raise InputError(f"The sentence must be text, not {type(text).__name__}.")
    text = (text or "").strip()
    if not text:
        raise InputError("Type a sentence to tag, e.g. “I love purple cats. Cats are neat.”")
    notes = []
    if len(text) > MAX_CHARS:
        text, notes = text[:MAX_CHARS], [f"Only the first {MAX_CHARS} characters were read."]
    tokens = tokenize(text)
    if not tokens:
        raise InputError("No words found in that text: type a sentence.")
    if len(tokens) > MAX_TOKENS:
        notes.append(f"The sentence has {len(tokens)} tokens; only the first {MAX_TOKENS} are "
                     "tagged.")
        tokens = tokens[:MAX_TOKENS]
    return tokens, " ".join(notes)


def translator_tokens(text: str) -> list[str]:
    """What the shipped translators' encoder reads: its subword pieces (word-level assets:
    lowercased words, clitics split)."""
    from ..explain.translation import load_translator
    return load_translator("attention").vocab.source_tokens(text)


def read_english(text, tokens_of=translator_tokens) -> list[str]:
    """An English sentence for the translators, as their encoder reads it (or by `tokens_of`,
    another tokenizer); refused when empty, longer than the sentences they learned from in
    words, or longer than MAX_SOURCE_TOKENS in the tokens the encoder reads (characters are
    counted before tokenising)."""
    if not isinstance(text, (str, type(None))):
        raise InputError(f"The sentence must be text, not {type(text).__name__}.")
    text = (text or "").strip()
    if len(text) > MAX_SOURCE_CHARS:
        raise InputError(f"The translators were trained on sentences of up to "
                         f"{MAX_SOURCE_CHARS} characters; this one has {len(text)}. "
                         f"Shorten it or split it in two.")
    tokens = tokens_of(text)
    if not tokens:
        raise InputError("Type an English sentence to translate.")
    words = english_words(text)
    if words > MAX_SOURCE_WORDS:
        raise InputError(f"The translators were trained on sentences of up to "
                         f"{MAX_SOURCE_WORDS} words; this one has {words}. "
                         f"Shorten it or split it in two.")
    if len(tokens) > MAX_SOURCE_TOKENS:
        raise InputError(f"The translators read this sentence as {len(tokens)} tokens (subword "
                         f"pieces: a rare word, a name or a number is several); they take up to "
                         f"{MAX_SOURCE_TOKENS} a sentence. Shorten it or split it in two.")
    return tokens


MAX_SENTENCES = 4        # one translation request: sentences, each checked by read_english,
MAX_TEXT_TOKENS = 50     # and the encoder's tokens over all of them


def read_english_text(text, tokens_of=translator_tokens) -> list[str]:
    """English text of 1 to MAX_SENTENCES sentences for the translators, split as
    data.sentences does; each sentence checked by read_english with the model's tokenizer
    `tokens_of`, at most MAX_TEXT_TOKENS tokens in all. Characters are counted first."""
    if not isinstance(text, (str, type(None))):
        raise InputError(f"The text must be text, not {type(text).__name__}.")
    text = (text or "").strip()
    if len(text) > MAX_SOURCE_CHARS:
        raise InputError(f"The translator takes up to {MAX_SOURCE_CHARS} characters; this one "
                         f"has {len(text)}. Shorten it.")
    sentences = split_sentences(text)
    if not sentences:
        raise InputError("Type an English sentence to translate.")
    if len(sentences) > MAX_SENTENCES:
        raise InputError(f"The translator takes up to {MAX_SENTENCES} sentences at a time; "
                         f"this text has {len(sentences)}. Shorten it.")
    total = 0
    for number, sentence in enumerate(sentences, 1):
        try:
            total += len(read_english(sentence, tokens_of))
        except InputError as error:
            raise (InputError(f"Sentence {number}: {error}") if len(sentences) > 1 else error)
    if total > MAX_TEXT_TOKENS:
        raise InputError(f"The translator reads this text as {total} tokens; it takes up to "
                         f"{MAX_TEXT_TOKENS} at a time. Shorten it.")
    return sentences


# ---- numbers -------------------------------------------------------------------------------------

def whole_number(name: str, value, low: int, high: int) -> int:
    """`value` as an int in [low, high], or an InputError that says what is allowed."""
    if value is None or value == "":
        raise InputError(f"{name} is empty: enter a whole number from {low} to {high}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a whole number from {low} to {high}, "
                         f"not {shown(value)}.")
    if not math.isfinite(number) or number != int(number):
        raise InputError(f"{name} must be a whole number from {low} to {high}, "
                         f"not {shown(value)}.")
    if not low <= number <= high:
        raise InputError(f"{name} must be from {low} to {high}; you entered {int(number)}.")
    return int(number)


def real_number(name: str, value, low: float, high: float) -> float:
    """`value` as a finite float in [low, high], or an InputError that says what is allowed."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number from {low:g} to {high:g}, not {shown(value)}.")
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError(f"{name} must be from {low:g} to {high:g}; you entered {shown(value)}.")
    return number


def read_seed(value, name: str = "Seed") -> int:
    """A random seed: a whole number from 0 to SEED_MAX."""
    return whole_number(name, value, 0, SEED_MAX)


# ---- choices -------------------------------------------------------------------------------------

def one_of(value, choices: Iterable, message: str):
    """`value` if it is one of `choices` — plain values or Gradio's (label, value) pairs, as the
    component was given them — else an InputError with `message` (which names the options)."""
    allowed = [c[1] if isinstance(c, tuple) else c for c in choices]
    if value not in allowed:
        raise InputError(message)
    return value


def flag(name: str, value) -> bool:
    """A checkbox's value: True or False (1 and 0 pass too, the string "false" does not)."""
    if value not in (True, False):
        raise InputError(f"{name} must be true or false, not {shown(value)}.")
    return bool(value)


# ---- budgets -------------------------------------------------------------------------------------

def short_text(text, max_chars: int, too_long: str) -> str:
    """`text` ("" for None) when it has at most `max_chars` characters, else an InputError with
    `too_long`: checked before the text is split or parsed, so a pasted book costs nothing."""
    if not isinstance(text, (str, type(None))):
        raise InputError(f"The text must be text, not {type(text).__name__}.")
    text = text or ""
    if len(text) > max_chars:
        raise InputError(f"{too_long} (That text has {len(text):,} characters.)")
    return text
