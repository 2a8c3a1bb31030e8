"""The server under a class and under abuse, on loopback: a mixed class load, a soak with the
server's memory read before and after, fresh sessions (memory per session), and fairness (one
session flooding a slow endpoint while another uses it).

Every figure is read off a `python app.py` subprocess (its RSS from /proc), so clients' memory and
the server's are not mixed up.
"""
from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass

import httpx

from .server import Servers, Spread, call, spread
from .views import SENTENCE_12, SENTENCE_20

# One student's visit: tagging, gates, unrolled, translation, BPTT (api_name, arguments).
VISIT: list[tuple[str, tuple]] = [
    ("pos_tag", (SENTENCE_12, "slide")),
    ("gates", (SENTENCE_12, "slide:0:0")),
    ("unrolled", (SENTENCE_12, "elman")),
    ("translate", ("I love purple cats.", 0)),
    ("bptt", (SENTENCE_20, "elman", False, 1.0, "tanh", False, 1.0, "the tagger's own tag")),
]
# The flood's endpoint: the slowest one a visitor can call repeatedly with a click.
FLOODED = ("translate", ("The little girl is reading a book in the garden.", 5))


@dataclass
class ClassLoad:
    students: int
    requests_each: int
    completed: int
    failures: int
    latency: Spread
    wall_s: float


@dataclass
class Soak:
    requests: int
    failures: int
    rss_before_mb: float
    rss_after_mb: float


@dataclass
class FreshSessions:
    sessions: int
    rss_before_mb: float
    rss_after_mb: float


@dataclass
class Fairness:
    endpoint: str
    quiet_ms: float            # the other session's median alone
    flooded_ms: float          # its median while one session floods the same endpoint
    ratio: float
    flood_sent: int
    flood_refused: int         # refused with "Slow down"


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def class_load(url: str, students: int, visit=VISIT, timeout_s: float = 300) -> ClassLoad:
    """`students` threads, each a tab with its own session, each making the visit's requests in
    a row, all released at once."""
    go, lock, times, failures = threading.Event(), threading.Lock(), [], []

    def student():
        session = uuid.uuid4().hex
        with httpx.Client() as http:
            go.wait()
            for name, args in visit:
                start = time.perf_counter()
                try:
                    call(http, url, name, args, timeout=timeout_s, session=session)
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
    go.set()
    for thread in threads:
        thread.join(timeout=timeout_s)
    wall = time.perf_counter() - start
    return ClassLoad(students, len(visit), len(times), students * len(visit) - len(times),
                     spread(times), wall)


def soak(url: str, pid: int, requests: int, visit=VISIT) -> Soak:
    """`requests` calls in a row over the visit's endpoints, four sessions taking turns."""
    sessions = [uuid.uuid4().hex for _ in range(4)]
    failures = 0
    with httpx.Client() as http:
        call(http, url, *visit[0], session=sessions[0])   # warm
        before = rss_mb(pid)
        for i in range(requests):
            name, args = visit[i % len(visit)]
            try:
                call(http, url, name, args, session=sessions[i % len(sessions)])
            except Exception:
                failures += 1
    return Soak(requests, failures, before, rss_mb(pid))


def fresh_sessions(url: str, pid: int, sessions: int, threads: int = 4) -> FreshSessions:
    """/noop called once per new session hash, as `sessions` visitors opening the app would."""
    with httpx.Client() as http:
        call(http, url, "noop", ())
    before = rss_mb(pid)
    left = iter(range(sessions))
    lock = threading.Lock()

    def worker():
        with httpx.Client() as http:
            while True:
                with lock:
                    if next(left, None) is None:
                        return
                call(http, url, "noop", (), session=uuid.uuid4().hex)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return FreshSessions(sessions, before, rss_mb(pid))


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


_FN_INDEX: dict[tuple[str, str], int] = {}


def _fn_index(url: str, api_name: str) -> int:
    """The dependency index of an api_name, read once from the app's /config."""
    if (url, api_name) not in _FN_INDEX:
        config = httpx.get(f"{url}config", timeout=30).json()
        for i, dep in enumerate(config["dependencies"]):
            _FN_INDEX[url, dep.get("api_name")] = dep.get("id", i)
    return _FN_INDEX[url, api_name]


def robustness(servers: Servers, students: int, soak_requests: int, sessions: int):
    """Each measurement on a fresh `python app.py`, so that one does not inherit another's
    sessions or queue."""
    results = {}
    for key, run in (("class_load", lambda url, pid: class_load(url, students)),
                     ("soak", lambda url, pid: soak(url, pid, soak_requests)),
                     ("fresh_sessions", lambda url, pid: fresh_sessions(url, pid, sessions)),
                     ("fairness", lambda url, pid: fairness(url))):
        proc, url = servers.start(["app.py"])
        try:
            results[key] = run(url, proc.pid)
        finally:
            servers.stop(proc)
    return results
