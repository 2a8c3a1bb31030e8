"""What a visitor downloads, measured in Debian's chromium with nothing cached and every tab opened
(explainer.bench.page, the benchmark's page row): one copy of plotly.js, Gradio's, shared by
gr.Plot and the animation player; at most 2.5 MB over the wire; no URL naming a server folder."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import gradio as gr
import pytest

from conftest import ROOT
from explainer.bench import __main__ as bench_cli
from explainer.bench.page import DRAWN, Meter, PageWeight, measure
from explainer.bench.server import Report
from explainer.ui.player import PLOTLY_CHUNK

pytest.importorskip("playwright.sync_api")

MAX_TRANSFERRED = 2_500_000    # bytes, every tab opened
SERVER_FOLDERS = (str(ROOT), str(Path(gr.__file__).parents[1]), "site-packages", "/root/",
                  "/work/", str(Path.home()) + "/")


@pytest.fixture(scope="module")
def weight(browser, served) -> PageWeight:
    return measure(browser, served)


def test_every_tab_opened_fetches_one_plotly_and_at_most_the_budget(weight):
    assert {"Start", "Rolled ⇄ unrolled", "LSTM gates", "One-to-many",
            "Vector — 2 units"} <= set(weight.tabs)
    assert [urlparse(url).path for url in weight.plotly_copies] == [f"/assets/{PLOTLY_CHUNK}"]
    heaviest = [(f.transferred, f.url) for f in weight.largest(5)]
    assert weight.transferred_bytes <= MAX_TRANSFERRED, heaviest
    # compressed: the page and every script (the page itself is ~0.67 MB before gzip)
    page = next(f for f in weight.fetches if urlparse(f.url).path == "/")
    assert page.transferred < page.decoded / 3
    assert weight.decoded_bytes > 2 * weight.transferred_bytes
    assert "Page weight" in bench_cli.render(Report(cpus=1, page=weight))


def test_no_request_url_names_a_folder_of_the_server(weight):
    named = {f.url: [part for part in SERVER_FOLDERS if part in unquote(f.url)]
             for f in weight.fetches}
    assert {url: parts for url, parts in named.items() if parts} == {}
    assert any(urlparse(f.url).path == "/rnn-player/player.js" for f in weight.fetches)


def open_tab(page, view_id: str):
    page.click(f"#tab-{view_id}-button")
    page.wait_for_selector(f"#tab-{view_id}", state="visible")
    page.wait_for_function(DRAWN)


# Plotly.validate on every player's figure: data and layout, then each frame with its traces'
# types from the first data (a frame names only what changes); typed arrays ({dtype, bdata,
# shape}) decoded first, as plotly.js does when drawing. Kept: attributes or values this plotly.js
# does not know ("schema", "value", "object", "array"); left out: what follows from a trace with
# no points in a frame ("unused", "invisible", "dynamic"), which says nothing of the version.
VALIDATE = """() => {
    const TYPES = { f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array,
                    i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array };
    const decode = ({ dtype, bdata, shape }) => {
        const bytes = Uint8Array.from(atob(bdata), (c) => c.charCodeAt(0));
        const flat = Array.from(new TYPES[dtype](bytes.buffer));
        const [rows, cols] = String(shape || flat.length).split(',').map(Number);
        return cols ? Array.from({ length: rows }, (_, r) => flat.slice(r * cols, (r + 1) * cols))
                    : flat;
    };
    const plain = (v) => (v === null || typeof v !== 'object') ? v
        : Array.isArray(v) ? v.map(plain) : ('bdata' in v && 'dtype' in v) ? decode(v)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    const known = (errors) => (errors || []).filter((e) => !['unused', 'invisible', 'dynamic'].includes(e.code));
    return [...document.querySelectorAll('.rnn-player')].map((player) => {
        const fig = plain(JSON.parse(player.querySelector('.rnn-player-data').textContent));
        const errors = [known(Plotly.validate(fig.data, fig.layout))];
        for (const frame of fig.frames) {
            const data = (frame.data || []).map((trace, i) => ({
                type: fig.data[frame.traces ? frame.traces[i] : i].type, ...trace }));
            errors.push(known(Plotly.validate(data, frame.layout || {})));
        }
        return [player.dataset.player, errors.flat().map((e) => `${e.code}: ${e.msg}`)];
    });
}"""


def test_a_player_first_imports_gradios_plotly_and_a_gr_plot_then_reuses_it(browser, served):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    meter = Meter(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(served)
    open_tab(page, "unrolled")                   # a player and no gr.Plot: it imports the chunk
    assert page.locator("#unrolled-player .rnn-player[data-ready=true]").count() == 1
    open_tab(page, "neurons")                    # gr.Plot imports the same URL: the same module
    assert page.locator("#stateful-plot .main-svg").count() >= 1
    for view in ("gates", "translation"):
        open_tab(page, view)
    fetched = PageWeight.of(served, [], list(meter.by_id.values()))
    assert [urlparse(url).path for url in fetched.plotly_copies] == [f"/assets/{PLOTLY_CHUNK}"]
    version = page.evaluate("Plotly.version")
    problems = {name: messages for name, messages in page.evaluate(VALIDATE) if messages}
    assert problems == {}, f"invalid for Gradio's plotly.js {version}"
    assert len(page.evaluate(VALIDATE)) == 3 and version.startswith("3.")
    assert errors == []
    context.close()
