"""Validation at the boundary, and handlers that answer with a message instead of a traceback."""
from __future__ import annotations

import functools
import inspect
import logging
import math
from contextlib import contextmanager

import gradio as gr

log = logging.getLogger("explainer")


class InputError(ValueError):
    """Something the user typed or uploaded that we cannot use; the message says what to do."""


def whole_number(name: str, value, low: int, high: int) -> int:
    """`value` as an int in [low, high], or an InputError that says what is allowed."""
    if value is None or value == "":
        raise InputError(f"{name} is empty: enter a whole number from {low} to {high}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a whole number from {low} to {high}, not {value!r}.")
    if not math.isfinite(number) or number != int(number):
        raise InputError(f"{name} must be a whole number from {low} to {high}, not {value}.")
    if not low <= number <= high:
        raise InputError(f"{name} must be from {low} to {high}; you entered {int(number)}.")
    return int(number)


@contextmanager
def _friendly(name: str):
    try:
        yield
    except InputError as error:
        raise gr.Error(str(error), title="Please check the input", print_exception=False)
    except gr.Error:
        raise
    except Exception:
        log.exception("handler %s failed", name)
        raise gr.Error("Something went wrong while computing this view; the details are in "
                       "the server log. Try a shorter or simpler input.",
                       title="Sorry", print_exception=False)


def handler(fn):
    """Wrap an event handler (a function or a generator that streams updates): bad input shows
    its message in the UI; anything unexpected is logged here and shown as a short message,
    never as a stack trace."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def streaming(*args, **kwargs):
            with _friendly(fn.__name__):
                yield from fn(*args, **kwargs)
        return streaming

    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        with _friendly(fn.__name__):
            return fn(*args, **kwargs)
    return wrapped
