"""First answers that take seconds (a live training run, a timing), computed once per process in a
background thread that starts with the server, instead of before the server may serve the page.

Until then the page shows a note in their place ("training ... now"); a load event of the page
waits for the answer and fills it in (at once for every visitor who comes after it is ready).
Like a loaded model, the answer is computed once and shared read-only by every session.

    curves = Later("the first truncation curves", lambda: first_curves(4, (4, 20)))
    show_when_ready(curves, lambda c: (plot(accuracy_figure(c)), c), [figure, state],
                    api_name="bptt_first_curves")

The thread starts when the server does (`start_all`, from the app's lifespan: ui/serving.py), or
at the latest when a page first asks for the answer.
"""
from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from typing import Callable, Generic, TypeVar

import gradio as gr
from gradio.context import Context

from ..device import on_cpu
from .errors import handler

T = TypeVar("T")
log = logging.getLogger("explainer")
WAIT_S = 300           # a page waits at most this long for a first answer
POLL_S = 0.2          # how often a waiting page looks
EXIT_WAIT_S = 60       # the process, on its way out, for the first answers to finish


class Later(Generic[T]):
    """`compute()` run once, in a thread of its own, on the CPU copies of the models (as the
    first answers built with the page are: see device.on_cpu)."""

    def __init__(self, what: str, compute: Callable[[], T]):
        self.what, self._compute = what, compute
        self._lock, self._done = threading.Lock(), threading.Event()
        self._claimed = False
        self._value: T | None = None
        self._error: BaseException | None = None

    def _claim(self) -> bool:
        """True for the one caller that is to compute it."""
        with self._lock:
            claimed, self._claimed = self._claimed, True
            return not claimed

    def start(self) -> None:
        """Compute it in a thread of its own, unless that is done or under way."""
        if self._claim():
            threading.Thread(target=self._run, name=f"later: {self.what}", daemon=True).start()

    def run_here(self) -> None:
        """Compute it in this thread, unless that is done or under way."""
        if self._claim():
            self._run()

    def _run(self) -> None:
        try:
            with on_cpu():
                self._value = self._compute()
        except BaseException as error:   # kept, and raised to every page that asks
            log.exception("computing %s failed", self.what)
            self._error = error
        finally:
            self._done.set()

    def ready(self) -> bool:
        return self._done.is_set()

    def result(self, timeout: float = WAIT_S) -> T:
        """The answer, waiting for it (and starting it, if nothing has yet)."""
        self.start()
        if not self._done.wait(timeout):
            raise TimeoutError(f"{self.what} took more than {timeout:.0f} s")
        if self._error is not None:
            raise self._error
        return self._value


def show_when_ready(later: Later[T], show: Callable[[T], tuple], outputs: list,
                    api_name: str) -> None:
    """When a page loads, show `show(later.result())` in `outputs` (a tuple for several, as an
    event returns). Called while the app is being built; the event is private (not in the API
    docs) and waits in a queue of its own, so that pages waiting for a first answer hold no slot
    of the work queue."""
    root = Context.root_block      # the gr.Blocks being built
    if root is None:
        raise RuntimeError("show_when_ready is called inside `with gr.Blocks()`")

    async def first_answer():
        # waits on the event loop, not in a worker thread: a class opening the page while the
        # answer is still being computed must not hold the threads other handlers run in
        later.start()
        for _ in range(int(WAIT_S / POLL_S)):
            if later.ready():
                break
            await asyncio.sleep(POLL_S)
        if not later.ready():
            raise TimeoutError(f"{later.what} took more than {WAIT_S} s")
        return await asyncio.to_thread(show, later.result())

    first_answer.__name__ = api_name
    shown = handler(first_answer)
    shown.later = later            # for start_all
    root.load(shown, None, outputs, api_name=api_name, api_visibility="private",
              concurrency_id="first-answers", concurrency_limit=None, show_progress="full")


def start_all(demo: gr.Blocks) -> None:
    """Compute every Later whose answer a page-load event of `demo` shows, one after the other in
    one background thread: a timing among them is not disturbed by a training run beside it."""
    laters = [block_fn.fn.later for block_fn in demo.fns.values()
              if getattr(block_fn.fn, "later", None) is not None]
    thread = threading.Thread(target=lambda: [later.run_here() for later in laters],
                              name="first answers", daemon=True)
    thread.start()
    # a daemon thread still inside torch when the interpreter finalizes aborts the process
    # ("terminate called without an active exception", seen once at a test run's exit)
    atexit.register(thread.join, EXIT_WAIT_S)
