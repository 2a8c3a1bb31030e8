"""Shared fixtures: the real app, built once and served on loopback for API and browser tests."""
from __future__ import annotations

import socket

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo():
    from explainer.ui.app import build_app
    return build_app()


@pytest.fixture(scope="session")
def served(demo):
    """The app launched on 127.0.0.1 on a free port; yields its URL."""
    from explainer.ui.app import launch_kwargs
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                **launch_kwargs())
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="session")
def client(served):
    from gradio_client import Client
    return Client(served, verbose=False)
