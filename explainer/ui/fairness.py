"""A fair queue: no session, and no address, can hold more than its share of the server.

Gradio's queue is first come, first served, so one client that sends hundreds of jobs makes
everyone else wait behind them (or get "Queue is full"). Before a job joins the queue we count
the jobs that its session, and its address, already have waiting or running; beyond the limit the
request is refused with a short message, and other users are served as usual.

The per-address limit is generous on purpose: a lecture hall often reaches a hosted demo from one
public address, so it must admit a whole class (each student's tab holds a job or two).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

PER_SESSION = int(os.environ.get("RNN_EXPLAINER_JOBS_PER_SESSION", "4"))
PER_ADDRESS = int(os.environ.get("RNN_EXPLAINER_JOBS_PER_ADDRESS", "200"))


@dataclass(frozen=True)
class Limits:
    per_session: int = PER_SESSION
    per_address: int = PER_ADDRESS


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


def guard_queue(demo, limits: Limits = Limits()) -> None:
    """Wrap the app's queue so that every join is checked against the limits first."""
    queue = demo._queue   # gradio 6.31: the Queue that routes' /queue/join pushes to
    push = queue.push

    async def fair_push(body, request, username):
        message = refusal(jobs_in(queue), body.session_hash, client_address(request), limits)
        if message is not None:
            return False, message, "error"     # answered as HTTP 400 with this message
        return await push(body=body, request=request, username=username)

    queue.push = fair_push
