"""Assemble the views into one Gradio app, and how to launch it."""
from __future__ import annotations

import os

import gradio as gr
import torch

from ..device import label, on_cpu
from ..explain import paradigms, pos, tradeoffs, translation
from .boundary import check_requests
from .fairness import guard_queue
from .links import build_scene_bar, wire_links
from .serving import app_kwargs
from .sessions import lean_sessions
from .start import build_start_tab
from .style import CSS, THEME
from .views import lecture_views

# Concurrency. Gradio runs one request per event at a time by default: measured here, 50 clients
# of a 0.5 s handler then wait up to 24 s (p95). Our handlers are short CPU-bound torch calls
# (mostly 5-50 ms since figures are plain dicts), so on 2 vCPUs throughput is about the same at 1
# and at 8 (bench, 50 clients x 4 requests of /stateful, a session each: 41 vs 38 req/s, p95 2.0 s
# both); what 8 buys is that a quick request is not queued behind slow ones (a long sentence with
# the best tagger, beam search, a class's training run). Each torch call gets
# one intra-op thread so that concurrent requests share the cores instead of fighting over them.
# Live training has one, lower cap (explainer.ui.inputs.LIVE_TRAINING).
# `python -m explainer.bench` reruns the load test at 1 and at CONCURRENCY.
CONCURRENCY = int(os.environ.get("RNN_EXPLAINER_CONCURRENCY", "8"))
QUEUE_SIZE = 512     # a class of 100 opening several views at once fits; beyond, "queue full"
# Memory. Gradio keeps the state of 10,000 sessions by default, and its SessionState copied every
# block's config into each new one (~0.73 MB and ~80 ms of CPU in the event loop, per session hash):
# ui/sessions.py starts a session with that copy empty (~23 KB; tests/ui/test_sessions.py). We
# keep the 500 most recent sessions: an evicted tab loses only what it kept in gr.State (a class's
# trained model, truncation curves), and its next request starts a fresh session.
SESSIONS_KEPT = 500
MAX_UPLOAD = "2mb"   # a class dataset of 1,000 sentences x 64 words is ~1 MB as word,tag lines
CACHE_CLEANUP = (600, 1800)   # every 10 minutes, delete uploads older than 30 minutes


def noop() -> str:
    """The floor the benchmark compares every endpoint with: the same queue, no work."""
    return "ok"


def load_models() -> None:
    """Every shipped model on its device, here in the main thread before launch: on ZeroGPU
    that is where `spaces` takes their weights aside for the GPU workers."""
    for module in (pos, paradigms, translation, tradeoffs):
        module.warm_up()


def build_app() -> gr.Blocks:
    torch.set_num_threads(1)
    lean_sessions()     # a new session costs its own state, not a copy of the page (ui/sessions.py)
    load_models()
    with on_cpu():      # the first answers: ZeroGPU lends no GPU while the page is built
        return _build_app()


def _build_app() -> gr.Blocks:
    views = lecture_views()
    with gr.Blocks(title="RNN Explainer", analytics_enabled=False,
                   delete_cache=CACHE_CLEANUP) as demo:
        # the queue first: queue() rebuilds Gradio's server app with the config of every block so
        # far (~2 s of a busy start for this page), and leaving the block rebuilds it anyway
        demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
        gr.Markdown(f"<span class='device-label'>Models run on: **{label()}**</span>",
                    elem_id="device-label")
        bar = build_scene_bar()        # scenes, links, presenter mode (ui/links.py, scenes.py)
        # every view stays one click away on a projector: tabs wrap instead of hiding in a menu
        with gr.Tabs(overflow_behavior="wrap") as tabs:
            with gr.Tab("Start", id="start", elem_id="tab-start"):
                build_start_tab(views, tabs)
            for view in views:
                with gr.Tab(view.title, id=view.id, elem_id=f"tab-{view.id}"):
                    view.build()
        wire_links(demo, tabs, ["start"] + [view.id for view in views], bar)
        gr.api(noop, api_name="noop")
    guard_queue(demo)
    check_requests(demo)
    return demo


def launch_kwargs() -> dict:
    """Everything launch() needs. Server name and port come from GRADIO_SERVER_NAME / _PORT
    (127.0.0.1:7860 when unset), which is how Spaces configures us too. app_kwargs: the
    player's files and the page's compression (explainer.ui.serving)."""
    return dict(theme=THEME, css=CSS, share=False, ssr_mode=False, show_error=False,
                state_session_capacity=SESSIONS_KEPT, max_file_size=MAX_UPLOAD,
                app_kwargs=app_kwargs())
