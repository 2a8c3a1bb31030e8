"""The fair queue: one session flooding the server is told to slow down, others are served."""
from __future__ import annotations

import threading
import time
import uuid
from types import SimpleNamespace

import gradio as gr
import httpx

from collections import Counter

from explainer.ui.fairness import Limits, client_address, guard_queue, next_fair, refusal

from conftest import launch_on_loopback


def event(session: str, host: str = "10.0.0.1", trigger: str = "click"):
    return SimpleNamespace(session_hash=session, request=SimpleNamespace(
        headers={}, client=SimpleNamespace(host=host)),
        fn=SimpleNamespace(targets=[(1, trigger)], batch=False))


def test_the_next_job_is_the_first_of_a_session_with_none_running():
    flood = [event("flood") for _ in range(3)]
    other = event("other")
    limits = Limits(running_per_session=1)
    assert next_fair(flood + [other], Counter(), limits) is flood[0]
    assert next_fair(flood + [other], Counter({"flood": 1}), limits) is other
    assert next_fair(flood, Counter({"flood": 1}), limits) is None      # its own turn comes later
    assert next_fair(flood, Counter({"flood": 1}), Limits(running_per_session=2)) is flood[0]
    page = event("flood", trigger="load")
    assert next_fair(flood + [page], Counter({"flood": 1}), limits) is page   # loads exempt


def test_a_session_over_its_limit_is_refused_with_a_message():
    jobs = [event("a") for _ in range(3)]
    limits = Limits(per_session=3, per_address=100)
    assert "Slow down" in refusal(jobs, "a", "10.0.0.1", limits)
    assert refusal(jobs, "b", "10.0.0.1", limits) is None


def test_an_address_admits_a_class_but_not_a_flood():
    limits = Limits(per_session=3, per_address=50)
    class_jobs = [event(f"student-{i}") for i in range(49)]
    assert refusal(class_jobs, "student-99", "10.0.0.1", limits) is None
    assert "your network" in refusal(class_jobs + [event("x")], "new", "10.0.0.1", limits)
    assert refusal(class_jobs + [event("x")], "new", "10.0.0.2", limits) is None


def test_forwarded_for_is_read_only_on_spaces(monkeypatch):
    request = SimpleNamespace(headers={"x-forwarded-for": "1.2.3.4, 5.6.7.8"},
                              client=SimpleNamespace(host="127.0.0.1"))
    monkeypatch.delenv("SPACE_ID", raising=False)
    assert client_address(request) == "127.0.0.1"
    monkeypatch.setenv("SPACE_ID", "someone/rnn-explainer")
    assert client_address(request) == "1.2.3.4"


RELEASE = threading.Event()   # jobs hold their place until the test lets them go


def slow(x: float) -> float:
    RELEASE.wait(timeout=30)
    return x


def join(url: str, session: str) -> httpx.Response:
    return httpx.post(url + "gradio_api/queue/join", timeout=10, json={
        "data": [1], "fn_index": 0, "session_hash": session, "event_data": None,
        "trigger_id": None})


def test_a_flooding_session_is_refused_while_another_is_served():
    with gr.Blocks() as demo:
        number = gr.Number()
        number.submit(slow, number, number, api_name="slow")
    demo.queue(default_concurrency_limit=1)
    guard_queue(demo, Limits(per_session=2, per_address=100))
    url = launch_on_loopback(demo)
    RELEASE.clear()
    try:
        flood = [join(url, "flooder") for _ in range(6)]
        assert [r.status_code for r in flood[:2]] == [200, 200]
        refused = flood[2:]
        assert all(r.status_code == 400 for r in refused)
        assert "Slow down" in refused[0].json()["detail"]
        assert join(url, uuid.uuid4().hex).status_code == 200   # someone else gets in at once
    finally:
        RELEASE.set()
        demo.close()


RUNNING: Counter = Counter()
PEAK: Counter = Counter()
GATE = threading.Lock()


def held(x: float, request: gr.Request) -> float:
    with GATE:
        RUNNING[request.session_hash] += 1
        PEAK[request.session_hash] = max(PEAK[request.session_hash], RUNNING[request.session_hash])
    RELEASE.wait(timeout=30)
    with GATE:
        RUNNING[request.session_hash] -= 1
    return x


def test_one_job_of_an_endpoint_runs_per_session_while_others_start_at_once():
    """An endpoint with room for 8: a session's three jobs run one after another, and another
    session's job starts while the first of them still runs."""
    with gr.Blocks() as demo:
        number = gr.Number()
        number.submit(held, number, number, api_name="held")
    demo.queue(default_concurrency_limit=8)
    guard_queue(demo, Limits(per_session=4, per_address=100, running_per_session=1))
    url = launch_on_loopback(demo)
    RELEASE.clear()
    try:
        assert all(join(url, "flooder").status_code == 200 for _ in range(3))
        assert join(url, "other").status_code == 200
        deadline = time.monotonic() + 20
        while RUNNING["other"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert RUNNING["other"] == 1 and RUNNING["flooder"] == 1
        waiting = [e.session_hash for q in demo._queue.event_queue_per_concurrency_id.values()
                   for e in q.queue]
        assert waiting == ["flooder", "flooder"]
    finally:
        RELEASE.set()
        demo.close()
    assert PEAK["flooder"] == 1


def test_the_app_guards_its_queue():
    from explainer.ui.app import build_app
    demo = build_app()
    assert demo._queue.push.__name__ == "fair_push"
    assert demo._queue.get_events.__name__ == "fair_get_events"
