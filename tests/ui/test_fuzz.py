"""Every event handler of the served app, fed anything a hostile visitor could send through the
queue (wrong JSON types, NaN, huge numbers, lone surrogates, long text, the inputs that once
crashed the server): each answer is a result or a short, clear message, never an opaque error,
and the server keeps serving.

One value is changed at a time; the others keep the component's default, so that the fuzzing
reaches the checks behind the first one.
"""
from __future__ import annotations

import json
import uuid

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 12           # per handler: ~34 handlers, bounded to a couple of minutes in CI
MAX_MESSAGE = 400       # characters: a toast, not a traceback
CRASHERS = [",", ",", ".", "a "]   # each repeated to the lengths below


def junk():
    text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
    crashers = st.builds(lambda s, n: s * n, st.sampled_from(CRASHERS),
                         st.sampled_from([25, 400, 10_000]))
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                        st.floats(allow_nan=True, allow_infinity=True), text, crashers)
    return st.one_of(scalars, st.lists(scalars, max_size=3),
                     st.dictionaries(st.text(max_size=5), scalars, max_size=2))


def queue_call(http: httpx.Client, url: str, fn_index: int, data: list) -> dict:
    """One job through the queue as the browser sends it; returns process_completed's output
    (`{"data": ...}` or `{"error": ...}`) or {"http": status, "detail": ...} when refused."""
    session = uuid.uuid4().hex
    body = json.dumps({"data": data, "fn_index": fn_index, "session_hash": session,
                       "event_data": None, "trigger_id": None}, allow_nan=True)
    joined = http.post(f"{url}gradio_api/queue/join", content=body, timeout=30,
                       headers={"content-type": "application/json"})
    if joined.status_code != 200:
        return {"http": joined.status_code, "detail": joined.text}
    with http.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session},
                     timeout=60) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed":
                return message.get("output") or {"error": None}
    raise AssertionError(f"fn {fn_index}: the stream ended without process_completed")


def handlers(url: str) -> list[tuple[int, str, list]]:
    """(fn_index, name, default input values) of every handler the page can call."""
    config = httpx.get(f"{url}config", timeout=30).json()
    components = {c["id"]: c for c in config["components"]}
    out = []
    for i, dep in enumerate(config["dependencies"]):
        if not dep.get("backend_fn", True):
            continue
        defaults = [components[c]["props"].get("value") for c in dep["inputs"]]
        out.append((dep.get("id", i), dep.get("api_name") or f"fn{i}", defaults))
    return out


def check_answer(name: str, answer: dict) -> None:
    if "http" in answer:
        assert answer["http"] in (400, 422, 503), f"{name}: HTTP {answer}"
        return
    if "error" in answer and "data" not in answer:
        error = answer["error"]
        assert isinstance(error, str) and error.strip(), f"{name}: an opaque error ({answer})"
        assert len(error) <= MAX_MESSAGE, f"{name}: a {len(error)}-character message"


@pytest.fixture(scope="module")
def every_handler(served):
    return handlers(served)


def test_the_fuzzer_reaches_every_handler(every_handler):
    assert len(every_handler) >= 30


@pytest.mark.parametrize("handler", range(40))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_value_gets_a_result_or_a_clear_message(served, every_handler, handler, data):
    if handler >= len(every_handler):
        return
    fn_index, name, defaults = every_handler[handler]
    values = list(defaults)
    if values:
        position = data.draw(st.integers(0, len(values) - 1), label="position")
        values[position] = data.draw(junk(), label="value")
    with httpx.Client() as http:
        check_answer(name, queue_call(http, served, fn_index, values))


@pytest.mark.parametrize("text", [","*400, "."*10_000, "a "*5_000, "\ud800"])
@pytest.mark.parametrize("name", ["translate", "paradigm_translate", "pos_tag", "gates",
                                  "unrolled", "bptt", "paradigm_tag", "tradeoffs_future"])
def test_the_crash_inputs_answer_quickly_with_a_message(served, every_handler, name, text):
    fn_index, _, defaults = next(h for h in every_handler if h[1] == name)
    with httpx.Client() as http:
        answer = queue_call(http, served, fn_index, [text] + defaults[1:])
        assert "data" not in answer or answer.get("error"), f"{name} accepted {text[:10]!r}..."
        check_answer(name, answer)
        noop = next(h[0] for h in every_handler if h[1] == "noop")
        assert queue_call(http, served, noop, [])["data"] == ["ok"]   # still serving
