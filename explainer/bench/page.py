"""What a visitor downloads: the app opened in Debian's chromium, every tab clicked, every byte
counted through the DevTools protocol's Network events.

  transferred  bytes that came over the wire (encodedDataLength: headers and bodies, compressed
               as Gradio serves them: Brotli for .js/.css/.json paths when the browser accepts it)
  decoded      the bodies after decompression: what a server that compresses nothing would send
  plotly.js    how many copies of plotly.js were fetched (Gradio's PlotlyPlot-*.js chunk, or any
               plotly*.js file)

A fresh browser context per visit, so nothing comes from the cache. Never networkidle: Gradio's
event stream stays open; the visit waits for elements, then for every other request to end.
"""
from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from urllib.parse import urlparse

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PLOTLY_FILE = re.compile(r"plotly[^/]*\.js$", re.IGNORECASE)
SETTLE_S = 30          # at most this long for the last requests to end once every tab is open


@dataclass
class Fetch:
    url: str
    transferred: int = 0    # encodedDataLength: headers + body as sent
    decoded: int = 0        # body bytes after decompression
    done: bool = False      # loadingFinished or loadingFailed seen


@dataclass
class PageWeight:
    url: str
    tabs: list[str]                 # the tab labels clicked, in order
    requests: int
    transferred_bytes: int          # sum of Fetch.transferred
    decoded_bytes: int              # sum of Fetch.decoded
    plotly_copies: list[str]        # the URLs of every plotly.js fetched
    fetches: list[Fetch]

    @classmethod
    def of(cls, url: str, tabs: list[str], fetches: list[Fetch]) -> PageWeight:
        return cls(url, tabs, len(fetches), sum(f.transferred for f in fetches),
                   sum(f.decoded for f in fetches),
                   [f.url for f in fetches if PLOTLY_FILE.search(urlparse(f.url).path)], fetches)

    def largest(self, n: int = 5) -> list[Fetch]:
        return sorted(self.fetches, key=lambda f: f.transferred, reverse=True)[:n]


class Meter:
    """Collects one Fetch per network request of `page`, from the protocol's Network events."""

    def __init__(self, page):
        self.by_id: dict[str, Fetch] = {}
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.dataReceived", self._data)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)
        self.cdp.send("Network.enable")

    def _sent(self, event):
        url = event["request"]["url"]
        if url.startswith(("http:", "https:")):     # data: URLs come with the page, not the wire
            self.by_id.setdefault(event["requestId"], Fetch(url))

    def _data(self, event):
        if fetch := self.by_id.get(event["requestId"]):
            fetch.decoded += event["dataLength"]
            fetch.transferred += event["encodedDataLength"]

    def _finished(self, event):
        if fetch := self.by_id.get(event["requestId"]):
            # the total, headers included; dataReceived's share may be 0 until now
            fetch.transferred = max(fetch.transferred, int(event["encodedDataLength"]))
            fetch.done = True

    def _failed(self, event):
        if fetch := self.by_id.get(event["requestId"]):
            fetch.done = True

    def pending(self) -> list[Fetch]:
        """Requests still open, except Gradio's event streams (they stay open by design)."""
        return [f for f in self.by_id.values()
                if not f.done and "/queue/data" not in f.url and "/heartbeat/" not in f.url]


NEXT_TAB = """() => {
    // the deepest tab button not clicked yet that shows: a tab's own tabs before its neighbours
    const depth = (b) => { let d = 0; for (let e = b; (e = e.parentElement?.closest('[role=tabpanel]'));) d++; return d; };
    const shown = [...document.querySelectorAll('button[role=tab]')].filter(
        (b) => !b.dataset.weighed && b.offsetParent !== null);
    if (!shown.length) return null;
    const next = shown.reduce((best, b) => (depth(b) > depth(best) ? b : best));
    next.dataset.weighed = String(document.querySelectorAll('[data-weighed]').length);
    return [next.dataset.weighed, next.innerText.trim()];
}"""
# every animation player and every gr.Plot figure that shows is drawn
DRAWN = """() => [...document.querySelectorAll('.rnn-player, [data-testid=plotly]')]
    .filter((e) => e.offsetParent !== null)
    .every((e) => e.dataset.ready === 'true' || e.querySelector('.main-svg'))"""


def open_every_tab(page) -> list[str]:
    """Clicks every tab button, nested tabs included, each once its neighbours' figures are
    drawn; returns their labels in the order clicked."""
    clicked = []
    while (found := page.evaluate(NEXT_TAB)) is not None:
        mark, label = found
        button = page.locator(f"button[role=tab][data-weighed='{mark}']")
        button.click()
        page.wait_for_function("b => b.getAttribute('aria-selected') === 'true'",
                               arg=button.element_handle())
        page.wait_for_function(DRAWN)
        clicked.append(label)
    return clicked


def wait_for_requests(page, meter: Meter) -> None:
    """Until no request is left open (at most SETTLE_S)."""
    deadline = time.perf_counter() + SETTLE_S
    while meter.pending() and time.perf_counter() < deadline:
        page.wait_for_timeout(100)


def measure(browser, url: str) -> PageWeight:
    """Opens `url` in a fresh context of `browser` (a Playwright chromium), opens every tab and
    waits until everything is drawn; returns what was fetched."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        meter = Meter(page)
        page.goto(url)
        page.wait_for_selector("button[role=tab]")
        tabs = open_every_tab(page)
        wait_for_requests(page, meter)
        return PageWeight.of(url, tabs, list(meter.by_id.values()))
    finally:
        context.close()


def page_weight(url: str) -> PageWeight:
    """`measure` in Debian's chromium (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise RuntimeError("the page weight needs Debian's chromium: apt-get install -y chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            return measure(browser, url)
        finally:
            browser.close()

