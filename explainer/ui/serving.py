"""What this app's server adds to Gradio's: the player's own files at a URL that names no folder of
the server, the page itself compressed, and the start-up answers that are computed once the server
runs (ui/later.py). They reach the FastAPI app that Gradio builds through launch()'s documented
`app_kwargs` (FastAPI's own `routes`, `middleware` and `lifespan`): see launch_kwargs.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .later import start_all
from .player import STATIC, STATIC_URL


class CompressPages:
    """Gzip for what Gradio's own Brotli middleware sends as it is. That one compresses by file
    extension (.js, .css, .json ...), so the page, whose path has none, went out raw: ~0.67 MB,
    nearly all of it the app's config (every component's first value); gzipped ~0.12 MB.
    Files with an extension are left to Gradio (Brotli is smaller than gzip there); event
    streams stay as they are (GZipMiddleware never compresses text/event-stream)."""

    def __init__(self, app: ASGIApp):
        self.app = app
        # zlib's default level: within 1% of level 9 on the page, a third faster
        self.gzip = GZipMiddleware(app, minimum_size=1024, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = scope.get("path", "").rsplit("/", 1)[-1]
        await (self.app if "." in name else self.gzip)(scope, receive, send)


@asynccontextmanager
async def first_answers(app):
    """The server's start (Gradio runs a user lifespan inside its own): the answers that the page
    fills in once loaded start computing now, in the background (ui/later.py)."""
    start_all(app.get_blocks())
    yield


def app_kwargs() -> dict:
    """FastAPI arguments for launch(app_kwargs=...): static/ served at /STATIC_URL (only the
    player's files live there), the page compressed, the first answers started."""
    return {"routes": [Mount(f"/{STATIC_URL}", app=StaticFiles(directory=STATIC),
                             name=STATIC_URL)],
            "middleware": [Middleware(CompressPages)], "lifespan": first_answers}
