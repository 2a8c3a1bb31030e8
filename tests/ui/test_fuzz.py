"""Every event handler of the served app, fed anything a hostile visitor could send through the
queue (wrong JSON types, NaN, huge numbers, lone surrogates, long text, the inputs that once
crashed the server): each answer is a result or a short, clear message — never Gradio's opaque
`error: null`, never the apology that marks an unexpected exception — and the server keeps
serving.

One value is changed at a time; the others keep the component's default, so that the fuzzing
reaches the checks behind the first one. A gr.State input is never changed: Gradio ignores what
a request sends for it and reads the session's own.

Budget: EXAMPLES draws per handler, fewer for the SLOW ones (a draw that happens to be valid runs
them in full, 1-6 s each): ~450 requests in all. The whole file takes about 2.5 minutes on 2
cores, 25-60 s of it the app's start-up.
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.ui.errors import APOLOGY, MAX_MESSAGE

# Every handler the page can call, by its api_name (the private ones too). Listed here so that
# pytest can parametrize without building the app; test_the_fuzzer_reaches_every_handler
# checks the list against the served app, so a new handler must be added here.
HANDLERS = [
    "neuron_shapes", "stateful", "unrolled", "bptt", "bptt_from", "bptt_activation",
    "bptt_math_scalar", "bptt_math_vector", "bptt_cuts", "bptt_truncated", "bptt_clear",
    "bptt_first_curves", "tradeoffs_first",
    "pos_example", "pos_tag", "pos_select_token", "pos_class_sample", "pos_train_class",
    "pos_class_tag", "paradigm_isnoun", "paradigm_generate", "paradigm_langid_example",
    "paradigm_langid", "paradigm_tag", "paradigm_translate", "gates", "gates_token",
    "gates_unit", "translate_example", "translate", "translate_force_attention",
    "translate_prefix", "tradeoffs_sizes", "tradeoffs_speed",
    "tradeoffs_delay", "tradeoffs_future_example", "tradeoffs_future", "noop",
    "guide_neuron_shapes", "guide_recurrent_shapes", "guide_same_word", "guide_gradient_trend",
    "guide_teeth", "guide_decoder_length", "guide_forget", "guide_attention", "guide_future"]
EXAMPLES = 12
SLOW = {"bptt_truncated": 4, "tradeoffs_speed": 4, "tradeoffs_delay": 6}   # live training, timings
CRASHERS = [",", ".", "a "]   # each repeated to the lengths below
QUICK = 5.0                   # seconds for a crash input: ~0.1-0.6 s here, room for a busy runner
MAX_PAYLOAD = 2_000_000       # bytes of one answer
HANDLERS += ["open_link", "open_link_after_tradeoffs_first", "scene_previous", "scene_next",
             "link_qr"]   # ui/links.py


def junk():
    text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
    crashers = st.builds(lambda s, n: s * n, st.sampled_from(CRASHERS),
                         st.sampled_from([25, 400, 10_000]))
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                        st.floats(allow_nan=True, allow_infinity=True), text, crashers)
    return st.one_of(scalars, st.lists(scalars, max_size=3),
                     st.dictionaries(st.text(max_size=5), scalars, max_size=2))


@dataclass
class Answer:
    output: dict        # process_completed's output: {"data": ...} or {"error": ...}
    size: int           # bytes of that message
    seconds: float


def queue_call(http: httpx.Client, url: str, fn_index: int, data: list) -> Answer:
    """One job through the queue as the browser sends it, in a new session. A join the server
    refuses answers {"http": status, "detail": ...}."""
    start, session = time.perf_counter(), uuid.uuid4().hex
    body = json.dumps({"data": data, "fn_index": fn_index, "session_hash": session,
                       "event_data": None, "trigger_id": None}, allow_nan=True)
    joined = http.post(f"{url}gradio_api/queue/join", content=body, timeout=30,
                       headers={"content-type": "application/json"})
    if joined.status_code != 200:
        return Answer({"http": joined.status_code, "detail": joined.text}, 0, 0.0)
    with http.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session},
                     timeout=60) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed":
                return Answer(message.get("output") or {"error": None}, len(line),
                              time.perf_counter() - start)
    raise AssertionError(f"fn {fn_index}: the stream ended without process_completed")


@dataclass
class Handler:
    fn_index: int
    defaults: list      # each input component's value as the page starts
    fuzzable: list      # positions of the inputs a request's value reaches (not gr.State)


def handlers(url: str) -> dict[str, Handler]:
    """Every handler the page can call (events with a Python function), by api_name."""
    config = httpx.get(f"{url}config", timeout=30).json()
    components = {c["id"]: c for c in config["components"]}
    out = {}
    for i, dep in enumerate(config["dependencies"]):
        if not dep.get("backend_fn", True):
            continue
        inputs = [components[c] for c in dep["inputs"]]
        out[dep["api_name"]] = Handler(dep.get("id", i), [c["props"].get("value") for c in inputs],
                                       [k for k, c in enumerate(inputs) if c["type"] != "state"])
    return out


def check_answer(name: str, answer: Answer) -> None:
    output = answer.output
    if "http" in output:
        assert output["http"] in (400, 422, 503), f"{name}: HTTP {output}"
        return
    assert answer.size <= MAX_PAYLOAD, f"{name}: a {answer.size:,}-byte answer"
    if "data" in output:
        return
    error = output.get("error")
    assert isinstance(error, str) and error.strip(), f"{name}: an opaque error ({output})"
    assert len(error) <= MAX_MESSAGE, f"{name}: a {len(error)}-character message"
    assert error != APOLOGY, f"{name}: an unexpected exception (see the log), not a message"


def still_serving(http: httpx.Client, url: str, every_handler) -> bool:
    return queue_call(http, url, every_handler["noop"].fn_index, []).output.get("data") == ["ok"]


@pytest.fixture(scope="module")
def every_handler(served):
    return handlers(served)


def test_the_fuzzer_reaches_every_handler(every_handler):
    assert sorted(every_handler) == sorted(HANDLERS)


@pytest.mark.parametrize("name", HANDLERS)
def test_any_value_gets_a_result_or_a_clear_message(served, every_handler, name):
    handler = every_handler[name]
    with httpx.Client() as http:
        if not handler.fuzzable:          # nothing a request sends reaches it: one call
            check_answer(name, queue_call(http, served, handler.fn_index, handler.defaults))
        else:
            @settings(max_examples=SLOW.get(name, EXAMPLES), deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(position=st.sampled_from(handler.fuzzable), value=junk())
            def one_value_changed(position, value):
                values = list(handler.defaults)
                values[position] = value
                check_answer(name, queue_call(http, served, handler.fn_index, values))

            one_value_changed()
        assert still_serving(http, served, every_handler)


@pytest.mark.parametrize("text", [","*400, "."*10_000, "a "*5_000, "\ud800"])
@pytest.mark.parametrize("name", ["translate", "paradigm_translate", "pos_tag", "gates",
                                  "unrolled", "bptt", "paradigm_tag", "tradeoffs_future"])
def test_the_crash_inputs_answer_quickly_with_a_message(served, every_handler, name, text):
    """Refused with a message, or answered with a note on what was read (⚠: the sentence views
    read the first MAX_CHARS characters and MAX_TOKENS tokens)."""
    handler = every_handler[name]
    with httpx.Client() as http:
        answer = queue_call(http, served, handler.fn_index, [text] + handler.defaults[1:])
        check_answer(name, answer)
        assert answer.seconds < QUICK, f"{name}: {answer.seconds:.1f} s for {text[:10]!r}..."
        if "data" in answer.output:
            assert "⚠" in json.dumps(answer.output["data"], ensure_ascii=False), \
                f"{name} read {text[:10]!r}... without saying what it cut"
        assert still_serving(http, served, every_handler)


@pytest.mark.parametrize("path,message", [
    ("/etc/passwd", "not uploaded to this server"),
    ("https://example.com/data.csv", "fetches no URL")])
def test_a_file_from_anywhere_but_an_upload_is_refused(served, every_handler, path, message):
    handler = every_handler["pos_train_class"]
    named = {"path": path, "orig_name": "data.csv", "meta": {"_type": "gradio.FileData"}}
    with httpx.Client() as http:
        answer = queue_call(http, served, handler.fn_index, [named] + handler.defaults[1:])
    check_answer("pos_train_class", answer)
    assert message in answer.output.get("error", "")
