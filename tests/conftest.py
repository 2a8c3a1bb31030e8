"""Shared fixtures: paths, a small tagger built from the tiny invented corpus, figure validation,
and the real app served on loopback for API and browser tests."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]          # where app.py lives
FIXTURES = ROOT / "tests" / "fixtures"              # small files this project wrote
TINY = FIXTURES / "tiny"
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


SMALL = {"word_dim": 12, "shape_dim": 4, "suffix_dim": 4, "char_dim": 6, "char_hidden": 5,
         "hidden_size": 7}


def small_tagger(name: str):
    """A tagger of the named architecture, tiny and untrained, with the tiny corpus's vocabulary."""
    import dataclasses

    import torch

    from explainer.data.tagged import UPOS_TAGS, read_conllu
    from explainer.data.vocab import TaggerVocab
    from explainer.models.tagger import CONFIGS, Tagger
    torch.manual_seed(0)
    sentences = read_conllu(TINY / "tiny-train.conllu")
    vocab = TaggerVocab.build(sentences, UPOS_TAGS)
    base = CONFIGS[name]()
    sizes = {k: v for k, v in SMALL.items() if getattr(base, k)}   # keep 0 = feature off
    return Tagger(dataclasses.replace(base, **sizes).sized(vocab), vocab).eval()


def _row(*cells: str) -> str:
    return "\t".join(cells) + "\n"


OWLS = _row("1", "Owls", "owl", "NOUN", "NNS", "_", "2", "nsubj", "_", "_")
HOOT = ("hoot", "hoot", "VERB", "VBP", "_", "0", "root", "_", "_")
# Malformed tagged files, each breaking one rule, written by the tests that need them (invented
# sentences, no corpus text).
MALFORMED = {
    "bad-columns.conllu": "# sent_id = short-row\n" + OWLS + _row("2", "hoot", "hoot", "VERB")
                          + _row("3", ".", ".", "PUNCT", ".", "_", "2", "punct", "_", "_"),
    "bad-id.conllu": "# sent_id = fine\n" + _row("1", "Hello", "hello", "INTJ", "UH", "_", "0",
                                                 "root", "_", "_")
                     + "\n# sent_id = letter-id\n" + OWLS + _row("two", *HOOT),
    "bad-order.conllu": OWLS + _row("3", *HOOT),
    "bad-tag.conllu": OWLS + _row("2", "hoot", "hoot", "VB", *HOOT[3:]),
    "bad-tag.csv": "Birds,NOUN\nmigrate,verb\n",
    "bad-row.tsv": "Birds\tNOUN\nmigrate\n",
}


def malformed_file(folder: Path, name: str) -> Path:
    """Write MALFORMED[name] into `folder` under that name; returns its path."""
    path = folder / name
    path.write_text(MALFORMED[name])
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_on_loopback(demo) -> str:
    """Serve `demo` on 127.0.0.1 at a free port, as the app launches; returns its URL."""
    from explainer.ui.app import launch_kwargs
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                **launch_kwargs())
    return f"http://127.0.0.1:{port}/"


def valid_figure(figure: dict) -> dict:
    """A plain-dict figure (explainer.figures.plain) passes plotly's validation (a
    misspelt property fails here, not in a student's browser) and serialises; returns it."""
    import json

    import plotly.graph_objects as go

    from explainer.figures.plain import figure_json
    go.Figure(figure)                                 # raises ValueError on an invalid property
    assert json.loads(figure_json(figure))["data"] is not None
    return figure


def sent_figure(value) -> dict:
    """The figure a gr.Plot value (PlotData) sends to the browser, its typed arrays (base64,
    plotly.js's) decoded into lists."""
    import base64
    import json

    import numpy as np

    def decoded(node):
        if isinstance(node, dict) and "bdata" in node:
            values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"])
            shape = [int(n) for n in node["shape"].split(",")] if "shape" in node else [-1]
            return values.reshape(shape).tolist()
        if isinstance(node, dict):
            return {key: decoded(item) for key, item in node.items()}
        if isinstance(node, list):
            return [decoded(item) for item in node]
        return node
    return decoded(json.loads(value.plot))


def open_page(browser, url: str, ready: str):
    """(context, page) on `url` once `ready` shows; page.hosts collects every host asked,
    page.hosts_log every URL requested."""
    from urllib.parse import urlparse
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.hosts, page.hosts_log = set(), []
    page.on("request", lambda request: (page.hosts.add(urlparse(request.url).hostname),
                                        page.hosts_log.append(request.url)))
    page.goto(url)
    page.wait_for_selector(ready)
    return context, page


@pytest.fixture(scope="session")
def demo():
    from explainer.ui.app import build_app
    return build_app()


@pytest.fixture(scope="session")
def served(demo):
    """The app launched on 127.0.0.1 on a free port; yields its URL."""
    yield launch_on_loopback(demo)
    demo.close()


@pytest.fixture(scope="session")
def client(served):
    from gradio_client import Client
    return Client(served, verbose=False)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright (never a browser Playwright downloads)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install -y chromium "
                    "(.ci/run does this)")
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
