"""The benchmark's measurements against a running server: cold start, latency, payload, load.
The command line and the report are in __main__.py."""
from __future__ import annotations

import dataclasses
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx
from gradio_client import Client

from ..paths import ROOT
from .page import PageWeight
from .views import (SENTENCE_10, SENTENCE_12, SENTENCE_20, SENTENCE_40, FigureRow, TrainingRow,
                    WorstRow)

SECTIONS = ("cold", "latency", "payload", "load", "views", "robustness", "page")
# how many of each: (full run, --quick); `requests` is per client
SIZES = {"cold_runs": (3, 1), "repeats": (30, 5), "clients": (50, 8), "requests": (4, 2),
         "students": (100, 10), "soak": (1000, 50), "sessions": (10000, 300)}
START_TIMEOUT_S = 300    # a loaded machine: a start of 70 s was seen with 10 other jobs
NOISE = ("The machine is shared and noisy: read the medians and the ratios to the floor measured "
         "in this same run, not the absolute milliseconds.")
FLOOR_APP = ("import gradio as gr, torch\n"
             "with gr.Blocks(analytics_enabled=False) as demo:\n    pass\n"
             "demo.launch(ssr_mode=False)")

# Representative inputs per endpoint (api_name -> argument tuples). A new endpoint adds its row.
CASES: dict[str, list[tuple]] = {
    "noop": [()],
    "neuron_shapes": [(7, 2, 3, 4), (512, 8, 64, 64)],
    "stateful": [(8, 0), (30, 1)],
    "pos_tag": [(SENTENCE_12, "slide"), (SENTENCE_40, "slide"), (SENTENCE_40, "best")],
    "gates": [(SENTENCE_12, "slide:0:0"), (SENTENCE_40, "slide:0:0")],
    "unrolled": [(SENTENCE_12, "elman"), (SENTENCE_40, "slide")],
    # the BPTT view for 20 tokens: sentence, cell, rescale, radius, activation, clip_on, clip, target
    "bptt": [(SENTENCE_20, "elman", False, 1.0, "tanh", False, 1.0, "the tagger's own tag"),
             (SENTENCE_20, "lstm", False, 1.0, "tanh", False, 1.0, "the tagger's own tag")],
    # ... and dragging its radius slider: the loss token, then two backward passes (as trained,
    # and rescaled to the radius). Token 17: the slider's range before /bptt has updated it,
    # which is what a call in a new session is checked against
    "bptt_from": [(SENTENCE_20, "lstm", 17, True, 0.8, "tanh", True, 1.0,
                   "the tagger's own tag")],
    # text, beam width (1: greedy), sentence shown, subword pieces instead of words
    "translate": [(SENTENCE_10, 1, 1, False), (SENTENCE_10, 5, 1, False)],
}


@dataclass
class ColdStart:
    runs: int
    app_page_s: float    # median: process start -> HTTP 200 on /
    app_ready_s: float   # median: process start -> HTTP 200 on / and one /noop answered
    floor_s: float       # median: process start -> HTTP 200 from an empty Blocks
    ratio: float         # app_ready_s / floor_s
    samples: list[list[float]]  # per run: app_page_s, app_ready_s, floor_s


@dataclass
class Spread:
    """Milliseconds taken by a set of calls."""
    p50_ms: float
    p95_ms: float
    max_ms: float


@dataclass
class Latency:
    endpoint: str
    args: tuple
    repeats: int
    client: Spread         # through gradio_client.Client.predict, as a Python caller sees it
    http: Spread           # through the HTTP API (POST + SSE) in one session, as a browser tab
    http_new: Spread       # the same, each call without a session hash (as curl): Gradio builds
                           # the session state of the whole app for each
    client_x_noop: float   # client.p50_ms / the same for /noop
    http_x_noop: float     # http.p50_ms / the same for /noop
    http_new_x_noop: float


@dataclass
class Payload:
    endpoint: str
    args: tuple
    json_bytes: int    # the `data:` of the `complete` event: the result as JSON
    stream_bytes: int  # the whole SSE response, event lines included


@dataclass
class Load:
    concurrency: int | None  # RNN_EXPLAINER_CONCURRENCY of the server under test
    endpoint: str
    args: tuple
    clients: int
    requests_each: int
    completed: int
    errors: int              # failed, or still running when the time ran out
    latency: Spread
    throughput_rps: float
    wall_s: float


@dataclass
class Report:
    cpus: int | None
    options: dict = field(default_factory=dict)
    note: str = NOISE
    cold: ColdStart | None = None
    latency: list[Latency] = field(default_factory=list)
    payload: list[Payload] = field(default_factory=list)
    load: list[Load] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)
    training: TrainingRow | None = None
    worst: list[WorstRow] = field(default_factory=list)
    robustness: dict = field(default_factory=dict)   # bench.robustness's results by name
    page: PageWeight | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks, as numpy.percentile does."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def spread(times_ms: list[float]) -> Spread:
    times_ms = times_ms or [math.nan]
    return Spread(percentile(times_ms, 50), percentile(times_ms, 95), max(times_ms))


def call(http: httpx.Client, url: str, name: str, args: tuple, timeout: float = 60,
         session: str | None = None) -> tuple[str, int]:
    """One result through Gradio's HTTP API: POST /gradio_api/call/<name> {"data": [...]}, then read
    the SSE stream GET /gradio_api/call/<name>/<event_id> to its end. `session`: a session hash
    kept from call to call, as a browser tab keeps its own; without one, every call makes a new
    session (lean since explainer/ui/sessions.py; it was a copy of every block's config).
    Returns (the JSON text of the `complete` event's data, bytes of the whole stream)."""
    body = {"data": list(args)} | ({"session_hash": session} if session else {})
    posted = http.post(f"{url}gradio_api/call/{name}", json=body, timeout=timeout)
    posted.raise_for_status()
    event_id = posted.json()["event_id"]
    event, result = None, None
    with http.stream("GET", f"{url}gradio_api/call/{name}/{event_id}", timeout=timeout) as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line[len("event:"):].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                result = line[len("data:"):].strip()
                if event == "error":
                    raise RuntimeError(f"/{name}{args} answered with an error: {result}")
        stream_bytes = stream.num_bytes_downloaded
    if result is None:
        raise RuntimeError(f"/{name}{args}: the stream ended without a `complete` event")
    return result, stream_bytes


def table(headers: list[str], rows: list[list]) -> str:
    """Aligned text columns; floats to 3 significant digits, big ones without an exponent."""
    number = lambda x: f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"
    text = lambda x: str(x) if len(str(x)) <= 48 else str(x)[:45] + "..."  # long sentences
    cells = [headers] + [[number(c) if isinstance(c, float) else text(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Servers:
    """Starts server subprocesses and stops every one of them on exit, Ctrl-C included.
    Each runs in its own session, so stopping its process group stops only what it started."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def start(self, argv: list[str], again=lambda: None, **env) -> tuple[subprocess.Popen, str]:
        """`python argv` serving on a free loopback port, returned once / answers HTTP 200.
        Gradio's launch() gives up when its own first request to the page takes over 3 s (it
        then says localhost is not accessible): on a machine loaded by others that happens to
        a big page, so such a start is tried again, twice at most, and said so on stderr
        (`again` is called then)."""
        for attempt in range(3):
            try:
                return self._start(argv, **env)
            except RuntimeError as error:
                if "localhost is not accessible" not in str(error) or attempt == 2:
                    raise
                print(f"bench: {' '.join(argv)} gave up on its own page (a busy machine); "
                      "starting it again", file=sys.stderr, flush=True)
                again()

    def _start(self, argv: list[str], **env) -> tuple[subprocess.Popen, str]:
        port = free_port()
        env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
               "GRADIO_ANALYTICS_ENABLED": "False", **{k: str(v) for k, v in env.items()}}
        log = tempfile.TemporaryFile()
        proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        proc.log = log
        self.running.append(proc)
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_for_page(proc, url)
        except BaseException:
            self.stop(proc)
            raise
        return proc, url

    def stop(self, proc: subprocess.Popen) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:  # already gone
                proc.wait()
                break
        proc.log.close()
        self.running.remove(proc)

    def __enter__(self):
        return self

    def __exit__(self, *exc):  # Ctrl-C, SIGTERM or an error: whatever still runs is stopped here
        for proc in list(self.running):
            self.stop(proc)


def wait_for_page(proc: subprocess.Popen, url: str) -> None:
    """Poll `url` until it answers HTTP 200; fail with the server's own output if it died."""
    deadline = time.perf_counter() + START_TIMEOUT_S
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            proc.log.seek(0)
            tail = proc.log.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"server exited with {proc.returncode} before serving:\n{tail}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not answer within {START_TIMEOUT_S} s")


def time_start(servers: Servers, argv: list[str], ask_noop: bool) -> list[float]:
    """Seconds from starting `python argv` to HTTP 200 on /, then (ask_noop) to one /noop
    answered through gradio_client, as a first visitor or API caller would wait."""
    starts = [time.perf_counter()]     # a start that Gradio gave up is timed anew
    proc, url = servers.start(argv, again=lambda: starts.append(time.perf_counter()))
    start = starts[-1]
    try:
        times = [time.perf_counter() - start]
        if ask_noop:
            client = Client(url, verbose=False)
            assert client.predict(api_name="/noop") == "ok"
            times.append(time.perf_counter() - start)
            client.close()
        return times
    finally:
        servers.stop(proc)


def cold_start(servers: Servers, runs: int) -> ColdStart:
    # app and floor interleaved, so that a noisy minute hits both alike
    samples = [time_start(servers, ["app.py"], ask_noop=True)
               + time_start(servers, ["-c", FLOOR_APP], ask_noop=False) for _ in range(runs)]
    page, ready, floor = (statistics.median(column) for column in zip(*samples))
    return ColdStart(runs, page, ready, floor, ready / floor, samples)


def launch_in_process():
    """The app built and served on a free loopback port, in this process; returns (demo, url)."""
    from ..ui.app import build_app, launch_kwargs  # imports torch: not for --help
    demo = build_app()
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True,
                **launch_kwargs())
    return demo, f"http://127.0.0.1:{port}/"


def latency(url: str, repeats: int, cases: dict = CASES) -> list[Latency]:
    """p50 / p95 per endpoint and input, through gradio_client and through the bare HTTP API.
    The calls are interleaved, round after round (each case once per round, both ways), so a slow
    spell of the shared machine falls on every endpoint alike, /noop included, and the ratios
    compare like with like."""
    runs = [(name, args) for name, inputs in cases.items() for args in inputs]
    sdk, raw, new = ({run: [] for run in runs} for _ in range(3))
    session = uuid.uuid4().hex  # one browser tab
    client = Client(url, verbose=False)
    try:
        with httpx.Client() as http:
            ways = [(sdk, lambda name, args: client.predict(*args, api_name=f"/{name}")),
                    (raw, lambda name, args: call(http, url, name, args, session=session)),
                    (new, lambda name, args: call(http, url, name, args))]
            for round_ in range(repeats + 1):             # round 0: one untimed warm-up each
                for run in runs:
                    for times, way in ways:
                        start = time.perf_counter()
                        way(*run)
                        if round_:
                            times[run].append((time.perf_counter() - start) * 1000)
    finally:
        client.close()
    rows = [Latency(name, args, repeats, spread(sdk[name, args]), spread(raw[name, args]),
                    spread(new[name, args]), math.nan, math.nan, math.nan) for name, args in runs]
    noop = next(row for row in rows if row.endpoint == "noop")
    return [dataclasses.replace(row, client_x_noop=row.client.p50_ms / noop.client.p50_ms,
                                http_x_noop=row.http.p50_ms / noop.http.p50_ms,
                                http_new_x_noop=row.http_new.p50_ms / noop.http_new.p50_ms)
            for row in rows]


def payload(url: str, cases: dict = CASES) -> list[Payload]:
    rows = []
    with httpx.Client() as http:
        for name, inputs in cases.items():
            for args in inputs:
                result, stream_bytes = call(http, url, name, args)
                rows.append(Payload(name, args, len(result.encode()), stream_bytes))
    return rows


def load(url: str, name: str, args: tuple, clients: int, requests_each: int, timeout_s: float,
         concurrency: int | None = None) -> Load:
    """`clients` threads, each making `requests_each` calls in a row; all of it stops by itself
    after `timeout_s` (calls still running then count as errors)."""
    go, lock, times = threading.Event(), threading.Lock(), []
    deadline = time.perf_counter() + timeout_s

    def client():  # one student: one browser tab, one session
        session = uuid.uuid4().hex
        with httpx.Client() as http:
            go.wait()
            for _ in range(requests_each):
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                start = time.perf_counter()
                try:
                    call(http, url, name, args, timeout=left, session=session)
                except Exception:  # refused, failed or timed out: counted as errors below
                    continue
                with lock:
                    times.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    go.set()
    for thread in threads:  # daemon threads: one stuck past the deadline cannot hold the exit
        thread.join(timeout=max(0.0, deadline - time.perf_counter()) + 5)
    wall = time.perf_counter() - start
    errors = clients * requests_each - len(times)  # failed, or never finished in time
    return Load(concurrency, name, args, clients, requests_each, len(times), errors,
                spread(times), len(times) / wall, wall)


def load_at(servers: Servers, concurrency: int, name: str, args: tuple, clients: int,
            requests_each: int, timeout_s: float) -> Load:
    """The load test against `python app.py` started with RNN_EXPLAINER_CONCURRENCY=concurrency."""
    proc, url = servers.start(["app.py"], RNN_EXPLAINER_CONCURRENCY=concurrency)
    try:
        with httpx.Client() as http:
            call(http, url, name, args)  # warm-up
        return load(url, name, args, clients, requests_each, timeout_s, concurrency)
    finally:
        servers.stop(proc)
