"""The error plumbing of the handlers: InputError for what a user must change (raised by the
checks in ui/inputs.py), and a decorator that shows it, or a short apology, never a traceback."""
from __future__ import annotations

import functools
import inspect
import logging
from contextlib import contextmanager

import gradio as gr

log = logging.getLogger("explainer")


class InputError(ValueError):
    """Something the user typed or uploaded that we cannot use; the message says what to do."""


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
