"""What `python app.py` logs: one line on stderr per refused input, no traceback; a traceback only
for a bug. Imported by tests, the app configures no logging (log_to_stderr is app.py's)."""
from __future__ import annotations

import io
import sys

import pytest

from explainer.ui import errors
from explainer.ui.errors import InputError, answered, log_to_stderr


@pytest.fixture
def logged():
    """What log_to_stderr's handler writes (its stream swapped for a buffer)."""
    before = list(errors.log.handlers), errors.log.level, errors.log.propagate
    log_to_stderr()
    log_to_stderr()                       # app.py imported twice: still one handler
    ours = [h for h in errors.log.handlers if getattr(h, "explainer", False)]
    assert len(ours) == 1 and ours[0].stream is sys.stderr
    buffer = io.StringIO()
    ours[0].setStream(buffer)
    yield buffer
    errors.log.handlers[:] = before[0]
    errors.log.level, errors.log.propagate = before[1:]


def test_nothing_is_configured_on_import():
    assert not any(getattr(h, "explainer", False) for h in errors.log.handlers)


def test_an_input_error_is_one_line(logged):
    with pytest.raises(Exception):
        with answered("pos_tag"):
            raise InputError("The sentence is empty: type one.\nA second line.")
    lines = logged.getvalue().splitlines()
    assert len(lines) == 1 and "INFO pos_tag refused: The sentence is empty" in lines[0]
    assert errors.log.propagate is False       # not twice through the root logger


def test_a_bug_is_logged_with_its_traceback(logged):
    with pytest.raises(Exception):
        with answered("pos_tag"):
            raise KeyError("a bug")
    text = logged.getvalue()
    assert "ERROR pos_tag failed" in text and "Traceback" in text and "KeyError" in text
