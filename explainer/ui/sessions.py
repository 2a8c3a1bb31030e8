"""A new session costs what its state holds, not a copy of the whole page.

Gradio 6.31 builds a SessionState the first time it meets a session hash, inside the server's
event loop (route_utils.get_fn, from /gradio_api/queue/join). Its __init__ renders the config of
every block of the page (`config_values`: get_config() and api_info() of 455 blocks here): ~80 ms
of CPU and ~0.7 MB per session, measured with tracemalloc (tests/ui/test_sessions.py prints it).
Two consequences for a hosted demo: a client that sends requests with fresh session hashes keeps
the event loop busy ~80 ms per request, which every other user waits behind (fairness.py counts
jobs, not sessions); and memory grows 0.7 MB per visitor until the kept sessions are evicted.

Those copies are read by one route only, /gradio_api/deep_link (gr.DeepLinkButton, which this app
does not use: its links are ui/links.py), and Gradio fills `config_values` entry by entry anyway
whenever an event updates a component. So the session starts with it empty; everything else is
what Gradio's own __init__ sets (a test compares the attributes with Gradio's).
"""
from __future__ import annotations

import os
from copy import copy

from gradio import state_holder

_GRADIO_INIT = state_holder.SessionState.__init__


def _lean_init(self, blocks) -> None:
    self.blocks_config = copy(blocks.default_config)
    self.config_values = {}          # Gradio's: one rendered config per block, for deep links
    self.state_data = {}
    self._state_ttl = {}
    self.is_closed = False
    self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


def lean_sessions() -> None:
    """Make every new session lean (idempotent; the app calls it as it is built)."""
    state_holder.SessionState.__init__ = _lean_init


def gradio_sessions() -> None:
    """Gradio's own SessionState.__init__ again (for the test that compares the two)."""
    state_holder.SessionState.__init__ = _GRADIO_INIT
