"""First answers computed in the background once the server starts (ui/later.py): computed once,
shared by every page, started by the server's start, shown by a page-load event, and a failure
reported to the page instead of a wait forever."""
from __future__ import annotations

import json
import threading
import uuid

import gradio as gr
import httpx
import pytest

from explainer.ui.later import Later, show_when_ready

from conftest import launch_on_loopback


def test_computed_once_and_shared():
    calls, gate = [], threading.Event()

    def compute():
        gate.wait(10)
        calls.append(1)
        return ("curve",)

    later = Later("a test answer", compute)
    assert not later.ready()
    later.start()
    later.start()                         # a second start starts nothing more
    gate.set()
    assert later.result() == later.result() == ("curve",)
    assert later.ready() and calls == [1]


def test_result_starts_it_when_nothing_has():
    later = Later("a test answer", lambda: 42)
    assert later.result(timeout=10) == 42


def test_a_failure_reaches_whoever_asks():
    def broken():
        raise ValueError("no data")

    later = Later("a broken answer", broken)
    with pytest.raises(ValueError, match="no data"):
        later.result(timeout=10)


def test_the_server_starts_it_and_a_page_load_shows_it():
    """A page served before the answer is ready shows the placeholder; the load event fills it
    in. The thread starts with the server (the lifespan in launch_kwargs), before any page."""
    gate, started = threading.Event(), threading.Event()

    def compute():
        started.set()
        gate.wait(30)
        return "the answer"

    later = Later("a test answer", compute)
    with gr.Blocks() as demo:
        shown = gr.Markdown("computing…", elem_id="shown")
        show_when_ready(later, lambda value: f"ready: {value}", [shown],
                        api_name="test_first_answer")
    url = launch_on_loopback(demo)          # with launch_kwargs(), as the app launches
    try:
        assert started.wait(30), "the server's start did not start the computation"
        config = httpx.get(url + "config", timeout=30).json()
        placeholder = next(c for c in config["components"] if c["props"].get("elem_id") == "shown")
        assert placeholder["props"]["value"] == "computing…"
        gate.set()
        dep = next(i for i, d in enumerate(config["dependencies"])
                   if d["api_name"] == "test_first_answer")
        assert config["dependencies"][dep]["targets"][0][1] == "load"
        answer = load_event(url, dep)
        assert answer == ["ready: the answer"]
    finally:
        gate.set()
        demo.close()


def load_event(url: str, fn_index: int) -> list:
    """What a page's load event gets back, through the queue as the browser calls it."""
    session = uuid.uuid4().hex
    with httpx.Client(timeout=60) as http:
        http.post(url + "gradio_api/queue/join", json={
            "data": [], "fn_index": fn_index, "session_hash": session, "event_data": None,
            "trigger_id": None}).raise_for_status()
        with http.stream("GET", url + f"gradio_api/queue/data?session_hash={session}") as data:
            for line in data.iter_lines():
                if line.startswith("data:"):
                    message = json.loads(line[5:])
                    if message.get("msg") == "process_completed":
                        return message["output"]["data"]
    raise AssertionError("no answer")


def test_a_waiting_page_holds_no_worker_thread():
    """The load event waits on the event loop (a coroutine), so pages opened while the answer is
    computed do not take the threads that every other handler runs in."""
    import inspect
    later = Later("a test answer", lambda: "the answer")
    with gr.Blocks() as demo:
        shown = gr.Markdown("computing…")
        show_when_ready(later, lambda value: f"ready: {value}", [shown], api_name="waiting")
    fn = next(f.fn for f in demo.fns.values() if f.api_name == "waiting")
    assert inspect.iscoroutinefunction(fn)
