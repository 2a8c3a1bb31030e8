"""The server under a class and under abuse, on loopback: fresh sessions (memory per session), a
mixed class load, a soak with the server's memory read before and after, fairness (one session
flooding a slow endpoint while another uses it), and the inputs that once crashed the server.

Every figure is read off one `python app.py` subprocess (its RSS from /proc), so clients' memory
and the server's are not mixed up. The parts run in that order on the same server, each printed as
soon as it is measured, after a first visitor's page loads (which wait for the first answers that
the server computes in the background as it starts): the fresh sessions first, so their growth is
not hidden by what the class load would have left; the class load and the soak
then run on a server that holds those sessions, as a hosted demo would. Each part stops at its own
deadline and says how much of it ran, so a slow machine prints smaller figures, never none.
"""
from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Callable

import httpx

from .server import Servers, Spread, call, spread
from .views import SENTENCE_12, SENTENCE_20

# One student's visit: tagging, gates, unrolled, translation, BPTT (api_name, arguments).
VISIT: list[tuple[str, tuple]] = [
    ("pos_tag", (SENTENCE_12, "slide")),
    ("gates", (SENTENCE_12, "slide:0:0")),
    ("unrolled", (SENTENCE_12, "elman")),
    ("translate", ("I love purple cats.", 1, 1, False)),   # greedy, first sentence, words
    ("bptt", (SENTENCE_20, "elman", False, 1.0, "tanh", False, 1.0, "the tagger's own tag")),
]
# The flood's endpoint: the slowest one a visitor can call repeatedly with a click.
FLOODED = ("translate", ("The little girl is reading a book in the garden.", 5, 1, False))
# The inputs that once took the server down (issue 11): a segfault in orjson, 23.8 GB, > 60 s.
CRASHERS: list[tuple[str, tuple]] = [
    ("translate", ("," * 400, 1, 1, False)),
    ("translate", ("." * 10_000, 1, 1, False)),
    ("paradigm_translate", ("." * 10_000,)),
]
# seconds each part may take before it stops and reports what it did
DEADLINES = {"fresh_sessions": 180, "class_load": 240, "soak": 180}


@dataclass
class FreshSessions:
    sessions: int              # asked for
    made: int                  # made before the deadline
    seconds: float
    rss_before_mb: float
    rss_after_mb: float
    rss_on_the_way: list[tuple[int, float]] = dataclasses.field(default_factory=list)
    # (sessions made, RSS MB) every tenth of the way: where the growth levels off, if it does


@dataclass
class ClassLoad:
    students: int
    requests_each: int
    completed: int
    failures: int              # refused, failed, or not answered by the deadline
    latency: Spread
    wall_s: float
    examples: list[str]        # the first few failures' messages


@dataclass
class Soak:
    requests: int              # asked for
    sent: int                  # sent before the deadline
    failures: int
    rss_before_mb: float
    rss_after_mb: float
    seconds: float


@dataclass
class Fairness:
    endpoint: str
    quiet_ms: float            # the other session's median alone
    flooded_ms: float          # its median while one session floods the same endpoint
    ratio: float
    flood_sent: int
    flood_refused: int         # refused with "Slow down"


@dataclass
class Crash:
    endpoint: str
    input: str                 # how it was built, e.g. "',' x 400"
    seconds: float
    answer: str                # the message shown (cut), or "a result"
    still_serving: bool        # /noop answered right after


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def fresh_sessions(url: str, pid: int, sessions: int, threads: int = 4,
                   deadline_s: float = DEADLINES["fresh_sessions"]) -> FreshSessions:
    """One /noop per new session hash, as a visitor opening the page does: the page's load
    events are a visitor's first request, and the first request of a session hash is what makes
    Gradio build that session's state (a copy of every component's config). Through the HTTP
    API, `threads` at a time; no page download, which builds no session state."""
    with httpx.Client() as http:
        call(http, url, "noop", ())
    before, start = rss_mb(pid), time.perf_counter()
    stop = start + deadline_s
    lock, left, made = threading.Lock(), iter(range(sessions)), [0]
    every, on_the_way = max(sessions // 10, 1), []

    def worker():
        with httpx.Client() as http:
            while time.perf_counter() < stop:
                with lock:
                    if next(left, None) is None:
                        return
                call(http, url, "noop", (), session=uuid.uuid4().hex)
                with lock:
                    made[0] += 1
                    if made[0] % every == 0:
                        on_the_way.append((made[0], rss_mb(pid)))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=deadline_s + 60)
    return FreshSessions(sessions, made[0], time.perf_counter() - start, before, rss_mb(pid),
                         on_the_way)


def class_load(url: str, students: int, visit=VISIT,
               deadline_s: float = DEADLINES["class_load"]) -> ClassLoad:
    """`students` threads, each a tab with its own session, each making the visit's requests in
    a row, all released at once. A request not answered by the deadline counts as a failure."""
    go, lock, times, failures = threading.Event(), threading.Lock(), [], []

    def student():
        session = uuid.uuid4().hex
        with httpx.Client() as http:
            go.wait()
            for name, args in visit:
                left = stop - time.perf_counter()
                start = time.perf_counter()
                try:
                    if left <= 0:
                        raise TimeoutError("not sent: the deadline had passed")
                    call(http, url, name, args, timeout=left, session=session)
                except Exception as error:  # refused, failed or timed out
                    with lock:
                        failures.append(f"{name}: {error}"[:200])
                    continue
                with lock:
                    times.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=student, daemon=True) for _ in range(students)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    stop = start + deadline_s
    go.set()
    for thread in threads:   # daemon threads: one stuck past the deadline cannot hold the exit
        thread.join(timeout=max(0.0, stop - time.perf_counter()) + 5)
    wall = time.perf_counter() - start
    with lock:
        done = len(times)
        return ClassLoad(students, len(visit), done, students * len(visit) - done, spread(times),
                         wall, failures[:3])


def soak(url: str, pid: int, requests: int, visit=VISIT,
         deadline_s: float = DEADLINES["soak"]) -> Soak:
    """`requests` calls in a row over the visit's endpoints, four sessions taking turns."""
    sessions = [uuid.uuid4().hex for _ in range(4)]
    failures, sent = 0, 0
    with httpx.Client() as http:
        call(http, url, *visit[0], session=sessions[0])   # warm
        before, start = rss_mb(pid), time.perf_counter()
        for i in range(requests):
            if time.perf_counter() - start > deadline_s:
                break
            name, args = visit[i % len(visit)]
            sent += 1
            try:
                call(http, url, name, args, session=sessions[i % len(sessions)])
            except Exception:
                failures += 1
    return Soak(requests, sent, failures, before, rss_mb(pid), time.perf_counter() - start)


def _median_call_ms(http, url, name, args, session, repeats) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call(http, url, name, args, session=session)
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


def fairness(url: str, repeats: int = 5, flooded=FLOODED) -> Fairness:
    """Another session's latency on the flooded endpoint, quiet and while one session sends
    jobs as fast as the server takes them (without waiting for results)."""
    name, args = flooded
    me = uuid.uuid4().hex
    with httpx.Client() as http:
        quiet = _median_call_ms(http, url, name, args, me, repeats)
        stop, counts = threading.Event(), {"sent": 0, "refused": 0}

        def flood():
            flooder = uuid.uuid4().hex
            with httpx.Client() as fast:
                while not stop.is_set():
                    answer = fast.post(f"{url}gradio_api/queue/join", timeout=30, json={
                        "data": list(args), "fn_index": _fn_index(url, name),
                        "session_hash": flooder, "event_data": None, "trigger_id": None})
                    counts["sent"] += 1
                    counts["refused"] += answer.status_code == 400
                    time.sleep(0.01)

        thread = threading.Thread(target=flood, daemon=True)
        thread.start()
        time.sleep(1.0)                      # let the flood fill what it may
        try:
            flooded_ms = _median_call_ms(http, url, name, args, me, repeats)
        finally:
            stop.set()
            thread.join(timeout=30)
    return Fairness(name, quiet, flooded_ms, flooded_ms / quiet, counts["sent"],
                    counts["refused"])


def crash_inputs(url: str, crashers=CRASHERS) -> list[Crash]:
    """Each input that once took the server down, timed, and /noop asked right after. Each
    endpoint is first asked once with an empty text (refused at once) and that answer awaited,
    so the time is the input's own, not the jobs that the fairness flood left in the queue."""
    rows, settled = [], set()
    with httpx.Client() as http:
        for name, args in crashers:
            if name not in settled:              # the empty text, refused once its turn comes
                settled.add(name)
                try:
                    call(http, url, name, ("", *args[1:]), timeout=120)
                except RuntimeError:
                    pass
            text = args[0]
            start = time.perf_counter()
            try:
                call(http, url, name, args, timeout=60)
                answer = "a result"
            except RuntimeError as error:        # answered with an error event: its message
                answer = str(error).split("answered with an error: ", 1)[-1]
            seconds = time.perf_counter() - start
            try:
                serving = call(http, url, "noop", (), timeout=30)[0] == '["ok"]'
            except Exception:
                serving = False
            rows.append(Crash(name, f"{text[0]!r} x {len(text):,}", seconds, answer[:120],
                              serving))
    return rows


def first_page_loads(url: str, timeout: float = 600) -> int:
    """Every page-load event once, as a first visitor's page sends them; they answer when the
    first answers that the server computes in the background as it starts (ui/later.py) are
    ready, so nothing measured afterwards counts that work. Returns how many there were."""
    config = httpx.get(f"{url}config", timeout=30).json()
    loads = [dep.get("id", i) for i, dep in enumerate(config["dependencies"])
             if dep.get("backend_fn", True) and any(t[1] == "load" for t in dep["targets"])]
    session = uuid.uuid4().hex
    with httpx.Client(timeout=timeout) as http:
        for fn_index in loads:
            http.post(f"{url}gradio_api/queue/join", json={
                "data": [], "fn_index": fn_index, "session_hash": session, "event_data": None,
                "trigger_id": None}).raise_for_status()
        left = len(loads)
        with http.stream("GET", f"{url}gradio_api/queue/data",
                         params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if left and '"process_completed"' in line:
                    left -= 1
                if not left:
                    break
    return len(loads)


_FN_INDEX: dict[tuple[str, str], int] = {}


def _fn_index(url: str, api_name: str) -> int:
    """The dependency index of an api_name, read once from the app's /config."""
    if (url, api_name) not in _FN_INDEX:
        config = httpx.get(f"{url}config", timeout=30).json()
        for i, dep in enumerate(config["dependencies"]):
            _FN_INDEX[url, dep.get("api_name")] = dep.get("id", i)
    return _FN_INDEX[url, api_name]


PARTS = ("fresh_sessions", "class_load", "soak", "fairness", "crash_inputs")


def robustness(servers: Servers, students: int, soak_requests: int, sessions: int,
               measured: Callable[[str, object], None] = lambda key, result: None,
               sessions_deadline_s: float = DEADLINES["fresh_sessions"],
               parts: tuple[str, ...] = PARTS) -> dict:
    """Each of `parts` on one `python app.py`, in PARTS order; `measured(key, result)` is called
    as soon as each part is measured (the command line prints it then)."""
    runs = {"fresh_sessions": lambda url, pid: fresh_sessions(url, pid, sessions,
                                                              deadline_s=sessions_deadline_s),
            "class_load": lambda url, pid: class_load(url, students),
            "soak": lambda url, pid: soak(url, pid, soak_requests),
            "fairness": lambda url, pid: fairness(url),
            "crash_inputs": lambda url, pid: crash_inputs(url)}
    results = {}
    proc, url = servers.start(["app.py"])
    try:
        first_page_loads(url)
        for key in (key for key in PARTS if key in parts):
            results[key] = runs[key](url, proc.pid)
            measured(key, results[key])
    finally:
        servers.stop(proc)
    return results
