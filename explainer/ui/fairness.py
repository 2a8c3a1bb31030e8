"""A fair queue: no session, and no address, can hold more than its share of the server.

Gradio's queue is first come, first served, so one client that sends hundreds of jobs makes
everyone else wait behind them (or get "Queue is full"). Before a job joins the queue we count
the jobs that its session, and its address, already have waiting or running; beyond the limit the
request is refused with a short message, and other users are served as usual.

The per-address limit is generous on purpose: a lecture hall often reaches a hosted demo from one
public address, so it must admit a whole class (each student's tab holds a job or two).

Admission alone is not fair enough: an endpoint runs up to 8 jobs at once, so a session's 4
admitted jobs all ran beside another user's one, sharing two cores and one interpreter lock with it
(the bench measured that user's /translate at 10.9x its quiet time). So the queue also picks
fairly: of a concurrency group's waiting jobs (an endpoint's, unless endpoints share a group: the
two live trainings do), it starts the first whose session has no job of that group running
(RUNNING_PER_SESSION); a session's further jobs of the group wait their turn while others go
ahead, and run as soon as its own finishes. Page-load events are exempt (a page opens with three
at once). Different groups do not wait for each other: a class's training run does not block
that student's tagging (its truncated-BPTT run, in the same live-training group, does wait).
"""
from __future__ import annotations

import os
import random
from collections import Counter
from dataclasses import dataclass

PER_SESSION = int(os.environ.get("RNN_EXPLAINER_JOBS_PER_SESSION", "4"))
PER_ADDRESS = int(os.environ.get("RNN_EXPLAINER_JOBS_PER_ADDRESS", "200"))
RUNNING_PER_SESSION = 1   # jobs of one endpoint that one session may have running at once


@dataclass(frozen=True)
class Limits:
    per_session: int = PER_SESSION
    per_address: int = PER_ADDRESS
    running_per_session: int = RUNNING_PER_SESSION


def client_address(request) -> str:
    """The visitor's address. Behind the Hugging Face Spaces proxy every request arrives from the
    proxy, which names the visitor first in X-Forwarded-For; elsewhere that header is the
    client's own word, so it is read only on Spaces."""
    if os.environ.get("SPACE_ID"):
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    client = getattr(request, "client", None)
    return client.host if client else "unknown"


def jobs_in(queue) -> list:
    """Every event waiting in the queue or running now."""
    waiting = [event for q in queue.event_queue_per_concurrency_id.values() for event in q.queue]
    running = [event for job in queue.active_jobs if job for event in job]
    return waiting + running


def refusal(jobs: list, session_hash: str | None, address: str, limits: Limits) -> str | None:
    """The message for a job that would pass a limit, or None when it may join."""
    mine = sum(1 for e in jobs if session_hash and e.session_hash == session_hash)
    if mine >= limits.per_session:
        return (f"Slow down: you already have {mine} requests waiting or running. "
                "Wait for them to finish, then try again.")
    same_address = sum(1 for e in jobs if client_address(e.request) == address)
    if same_address >= limits.per_address:
        return (f"Slow down: {same_address} requests from your network are waiting or running. "
                "Try again in a moment.")
    return None


def on_page_load(event) -> bool:
    return any(trigger == "load" for _, trigger in event.fn.targets)


def next_fair(waiting: list, running: Counter, limits: Limits):
    """The first of an endpoint's waiting events (in arrival order) that may start now: its
    session has fewer than limits.running_per_session jobs of the endpoint running (`running`:
    session hash -> count), or it is a page-load event. None when every one must wait."""
    for event in waiting:
        if running[event.session_hash] < limits.running_per_session or on_page_load(event):
            return event
    return None


def guard_queue(demo, limits: Limits = Limits()) -> None:
    """Wrap the app's queue so that every join is checked against the limits first, and the
    next job of an endpoint is picked fairly among sessions."""
    queue = demo._queue   # gradio 6.31: the Queue that routes' /queue/join pushes to
    push, gradios_pick = queue.push, queue.get_events

    def fair_get_events():
        """Gradio's get_events (queueing.py: an endpoint with room, in random order, gives its
        first waiting event), giving instead its first event that next_fair allows."""
        ids = list(queue.event_queue_per_concurrency_id)
        random.shuffle(ids)
        for concurrency_id in ids:
            event_queue = queue.event_queue_per_concurrency_id[concurrency_id]
            if not event_queue.queue or (event_queue.concurrency_limit is not None and
                                         event_queue.current_concurrency
                                         >= event_queue.concurrency_limit):
                continue
            if any(event.fn.batch for event in event_queue.queue):
                return gradios_pick()       # batched endpoints (none here): Gradio's own order
            running = Counter(event.session_hash for job in queue.active_jobs if job
                              for event in job if event.concurrency_id == concurrency_id)
            event = next_fair(event_queue.queue, running, limits)
            if event is not None:
                event_queue.queue.remove(event)
                return [event], False, concurrency_id
        return None

    async def fair_push(body, request, username):
        message = refusal(jobs_in(queue), body.session_hash, client_address(request), limits)
        if message is not None:
            return False, message, "error"     # answered as HTTP 400 with this message
        return await push(body=body, request=request, username=username)

    queue.push = fair_push
    queue.get_events = fair_get_events
