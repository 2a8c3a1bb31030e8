"""The error plumbing of the handlers: InputError for what a user must change (raised by the
checks in ui/inputs.py), and a decorator that shows it, or a short apology, never a traceback.

An input error is logged as one line (INFO, logger "explainer"); only an unexpected exception,
a bug, is logged with its traceback. `python app.py` sends that logger to stderr
(log_to_stderr); imported elsewhere (tests), the app configures no logging."""
from __future__ import annotations

import functools
import html
import inspect
import logging
import sys
from contextlib import contextmanager

import gradio as gr

log = logging.getLogger("explainer")

MAX_MESSAGE = 400        # characters: a toast, not a page
APOLOGY = ("Something went wrong while computing this view; the details are in the server log. "
           "Try a shorter or simpler input.")


def log_to_stderr(level: int = logging.INFO) -> None:
    """The app's own log lines on stderr, one per event ("pos_tag refused: ..."), with a time.
    Only the "explainer" logger: Gradio's and uvicorn's keep their own settings."""
    if any(getattr(h, "explainer", False) for h in log.handlers):
        return                       # configured already (app.py imported twice)
    to_stderr = logging.StreamHandler(sys.stderr)
    to_stderr.explainer = True
    to_stderr.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s",
                                             datefmt="%Y-%m-%d %H:%M:%S"))
    log.addHandler(to_stderr)
    log.setLevel(level)
    log.propagate = False            # not twice, should anyone configure the root logger


class InputError(ValueError):
    """Something the user typed or uploaded that we cannot use; the message says what to do."""


def refusal(message: str, where: str, title: str = "Please check the input") -> gr.Error:
    """The gr.Error that shows `message` (Gradio shows a gr.Error's message even with
    show_error=False), logged here as one line. Gradio's toast renders its message as HTML:
    the message is escaped, so quoted user text such as "<b>" shows as typed; it is cut to
    MAX_MESSAGE characters."""
    message = " ".join(str(message).split())
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE - 1] + "…"
    log.info("%s refused: %s", where, message[:200])
    return gr.Error(html.escape(message, quote=False), title=title, print_exception=False)


@contextmanager
def answered(where: str):
    """Turn what the body raises into a message for the user: an InputError as it is, a gr.Error
    (Gradio's own, e.g. a number out of a slider's range) escaped and cut, anything else as a
    short apology with its traceback in the log."""
    try:
        yield
    except InputError as error:
        raise refusal(str(error), where) from None
    except gr.Error as error:
        if not error.print_exception:      # ours: already escaped, cut and logged
            raise
        raise refusal(error.message, where, error.title) from None
    except Exception:
        log.exception("%s failed", where)
        raise gr.Error(APOLOGY, title="Sorry", print_exception=False) from None


def handler(fn):
    """Wrap an event handler (a function or a generator that streams updates): bad input shows
    its message in the UI; anything unexpected is logged here and shown as a short message,
    never as a stack trace."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def streaming(*args, **kwargs):
            with answered(fn.__name__):
                yield from fn(*args, **kwargs)
        return streaming

    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def awaited(*args, **kwargs):
            with answered(fn.__name__):
                return await fn(*args, **kwargs)
        return awaited

    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        with answered(fn.__name__):
            return fn(*args, **kwargs)
    return wrapped
