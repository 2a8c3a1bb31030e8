"""A new session is lean (explainer/ui/sessions.py): it holds what Gradio's SessionState holds,
minus the per-block copy of the page's config that only Gradio's deep-link button reads."""
import tracemalloc

import httpx
from gradio.state_holder import SessionState

from explainer.ui.sessions import gradio_sessions, lean_sessions


def _allocated(make, n=5) -> tuple[float, list]:
    """KB allocated per object made (objects kept alive while measured)."""
    tracemalloc.start()
    kept = [make() for _ in range(n)]
    size = tracemalloc.get_traced_memory()[0] / 1024 / n
    tracemalloc.stop()
    return size, kept


def test_a_lean_session_sets_the_attributes_gradios_sets(demo):
    try:
        gradio_sessions()
        gradios_kb, (gradios, *_) = _allocated(lambda: SessionState(demo))
    finally:
        lean_sessions()
    lean_kb, (lean, *_) = _allocated(lambda: SessionState(demo))
    assert set(vars(lean)) == set(vars(gradios))
    assert lean.blocks_config.blocks.keys() == gradios.blocks_config.blocks.keys()
    assert lean.blocks_config.fns.keys() == gradios.blocks_config.fns.keys()
    assert lean.STATE_TTL_WHEN_CLOSED == gradios.STATE_TTL_WHEN_CLOSED
    assert len(gradios.config_values) > 400 and lean.config_values == {}
    print(f"\nper new session: Gradio's {gradios_kb:.0f} KB, lean {lean_kb:.0f} KB")
    assert lean_kb < gradios_kb / 10


def test_the_app_installs_lean_sessions(demo):
    session = SessionState(demo)
    assert session.config_values == {}


def test_a_fresh_session_gets_its_answer_and_keeps_its_updates(served, demo):
    """Through the HTTP API with a new session hash: the event's result comes back, and what the
    event wrote is in the session's config (Gradio fills it entry by entry as it always did)."""
    from explainer.bench.server import call
    with httpx.Client(timeout=120) as http:
        out = call(http, served, "pos_tag", ("I is a teeth .", "slide"), session="lean-1")
    assert "teeth" in out[0]
    state = demo.state_holder["lean-1"]
    assert state.config_values, "the event's outputs were recorded in the session"
