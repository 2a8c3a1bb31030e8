"""Deep links in a real browser (Debian's chromium), for the inputs beyond each view's main ones:
a link opens the view with those inputs and their result, and changing one rewrites the URL.
Then the app framed as on Hugging Face Spaces: a parent page on another loopback origin plays the
Hub (it forwards its query to the iframe, and follows the {queryString} messages the app posts);
the copied link and the QR code are the Hub page's address with the state, and open that state.
Screenshots: tests/screenshots/links-*.png."""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import segno

from conftest import SHOTS

pytest.importorskip("playwright.sync_api")

SPACE = "teacher/rnn-explainer"
VALUE_JS = "([s, v]) => document.querySelector(s)?.value === v"
TEXT_JS = "([s, t]) => document.querySelector(s)?.innerText.includes(t)"
PARAM_JS = "([n, v]) => new URLSearchParams(location.search).get(n) === v"
# view -> (link parameters, {input selector: value}, {result selector: text in it},
#          (an input's range to press → on, the URL parameter, its new value))
LINKS = {
    "bptt": ({"text": "The dog barks loudly .", "cell": "lstm", "loss_token": "2", "T": "5",
              "delay": "3"},
             {"#bptt-loss-token input[type=number]": "2", "#bptt-steps input[type=number]": "5",
              "#bptt-delay input[type=number]": "3"},
             {"#bptt-status": "loss at token 2"},
             ("#bptt-loss-token input[type=range]", "loss_token", "3")),
    "gates": ({"text": "The cat sat.", "lstm": "best:0:1", "token": "3", "unit": "7"},
              {"#gates-token input[type=number]": "3", "#gates-unit input[type=number]": "7"},
              {"#gates-status": "4 tokens · 256 units"},
              ("#gates-token input[type=range]", "token", "4")),
    "pos": ({"text": "I is a teeth", "tagger": "elman", "word": "4"},
            {"#pos-text textarea": "I is a teeth"},
            {"#pos-token label:has(input:checked)": "4 teeth", "#pos-steps": "teeth"},
            None),
    "translation": ({"text": "She has a red car.", "force_step": "2", "force_word": "1"},
                    {"#translation-force-step input[type=number]": "2",
                     "#translation-force-word input[type=number]": "1"},
                    {"#translation-what-if": "At step 2 all attention went to “She”"},
                    ("#translation-force-word input[type=range]", "force_word", "2")),
    "paradigms": ({"paradigm": "one-to-many", "seed_char": "T", "length": "40"},
                  {"#p1n-seed textarea, #p1n-seed input": "T",
                   "#p1n-length input[type=number]": "40"},
                  {"#p1n-status": ""},
                  ("#p1n-temperature input[type=range]", "temperature", "0.85")),
    "tradeoffs": ({"longest": "10", "sequences": "32"},
                  {"#size-longest input[type=number]": "10",
                   "#delay-count input[type=number]": "32"},
                  {"#size-status": "could not read 11"},
                  ("#size-longest input[type=range]", "longest", "11")),
}


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context
    context.close()


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def wait_inputs_and_results(frame, inputs: dict, results: dict) -> None:
    for selector, value in inputs.items():
        frame.wait_for_function(VALUE_JS, arg=[selector, value], timeout=60_000)
    for selector, text in results.items():
        frame.wait_for_function(TEXT_JS, arg=[selector, text], timeout=90_000)


@pytest.mark.parametrize("view", list(LINKS))
def test_a_link_sets_every_input_and_the_url_follows_them(context, served, view):
    page = context.pages[0] if context.pages else context.new_page()
    params, inputs, results, change = LINKS[view]
    page.goto(f"{served}?{urlencode({'view': view, **params})}")
    page.wait_for_selector(f"#tab-{view}", state="visible", timeout=60_000)
    wait_inputs_and_results(page, inputs, results)
    assert "rnn-link-note" not in page.inner_html("#scene-text")
    assert query(page.url) == {"view": view, **params}     # the canonical link, as opened
    if view == "gates":      # the diagram plays the linked token (0-based frame)
        page.wait_for_selector("#gates-cell .rnn-player[data-frame='2']", timeout=30_000)
    if view == "pos":        # a click on another word rewrites the URL (counted from 1)
        page.click("#pos-token label:has-text('2 is')")
        page.wait_for_function(PARAM_JS, arg=["word", "2"], timeout=10_000)
    else:
        selector, name, new = change
        page.focus(selector)
        page.keyboard.press("ArrowRight")
        page.wait_for_function(PARAM_JS, arg=[name, new], timeout=10_000)
    assert query(page.url)["view"] == view and page.url.startswith(served)
    if view == "translation":   # the other what-if clicked: the URL names it, not the first
        page.click("#translation-continue")
        page.wait_for_function(PARAM_JS, arg=["prefix", "J'aime les chats"], timeout=10_000)
        assert not {"force_step", "force_word"} & set(query(page.url))
        page.wait_for_function(TEXT_JS, arg=["#translation-what-if", "J'aime les chats"],
                               timeout=60_000)
        page.click("#translation-force")          # then Enter in the start's box: the start again
        page.wait_for_function(PARAM_JS, arg=["force_step", "2"], timeout=10_000)
        page.fill("#translation-prefix textarea", "Elle a")
        page.press("#translation-prefix textarea", "Enter")
        page.wait_for_function(PARAM_JS, arg=["prefix", "Elle a"], timeout=10_000)
        assert not {"force_step", "force_word"} & set(query(page.url))
    page.screenshot(path=SHOTS / f"links-{view}.png")


# ---- the Hub ------------------------------------------------------------------------------------

HUB_PAGE = """<!doctype html><meta charset="utf-8"><title>Hub page (test)</title>
<h1 style="font:16px sans-serif;margin:4px">Hub page: spaces/{space}</h1>
<iframe id="space" allow="clipboard-write" style="width:1260px;height:660px;border:0"></iframe>
<script>
  // as the Hub: the page's query goes to the iframe on load, with a per-visitor token
  const APP = {app!r};
  const query = new URLSearchParams(location.search);
  query.set("__sign", "visitor-token");
  document.getElementById("space").src = APP + "/?" + query;
  // ... and a message {{queryString}} from the Space sets the page's query (not its hash here)
  window.addEventListener("message", (event) => {{
    if (event.origin !== APP || typeof event.data?.queryString !== "string") return;
    history.replaceState(null, "", location.pathname + event.data.queryString);
  }});
</script>"""
# the app's clipboard writes, recorded in the frame (Chromium's clipboard in a cross-origin
# frame needs focus and a permission the headless run may not grant)
RECORD_COPY = """if (navigator.clipboard) navigator.clipboard.writeText = async (text) => {
  window.copiedLinks = [...(window.copiedLinks || []), text]; };"""


@pytest.fixture(scope="module")
def hub(served):
    app = served.rstrip("/")

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = HUB_PAGE.format(space=SPACE, app=app).encode()
            self.send_response(200 if self.path.startswith(f"/spaces/{SPACE}") else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)    # another port: another origin
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def app_frame(page, served):
    page.wait_for_selector("#space")
    for _ in range(200):
        frame = next((f for f in page.frames if f.url.startswith(served)), None)
        if frame is not None:
            frame.wait_for_selector("#scene-text .rnn-scene", timeout=60_000)
            return frame
        page.wait_for_timeout(100)
    raise AssertionError("the app's frame did not load")


def qr_path(svg: str) -> str:
    return re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)


def test_framed_by_the_hub_the_link_and_qr_are_the_hub_page_and_open_the_state(
        browser, served, hub, monkeypatch):
    monkeypatch.setenv("SPACE_ID", SPACE)             # what Spaces sets; read per request
    monkeypatch.setenv("RNN_EXPLAINER_HUB", hub)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(RECORD_COPY)
    page = context.new_page()
    state = {"view": "gates", "text": "The cat sat.", "token": "3"}
    expected = f"{hub}/spaces/{SPACE}?{urlencode(state)}"
    page.goto(expected)
    frame = app_frame(page, served)
    wait_inputs_and_results(frame, {"#gates-token input[type=number]": "3"},
                            {"#gates-status": "4 tokens"})
    assert frame.evaluate("window.RnnLecture.link()") == expected
    # the Hub page's address follows the app (the canonical query, no __sign)
    page.wait_for_function("u => location.href === u", arg=expected, timeout=10_000)
    frame.click("#copy-link")
    frame.wait_for_function("u => (window.copiedLinks || []).includes(u)", arg=expected,
                            timeout=10_000)
    frame.click("#qr-link")
    frame.wait_for_selector("#link-qr svg", timeout=30_000)
    assert frame.inner_text("#link-qr .rnn-qr-link") == expected
    drawn = segno.make(expected, error="m").svg_inline(scale=6, border=2, dark="#000",
                                                      light="#fff")
    assert qr_path(frame.inner_html("#link-qr .rnn-qr-code")) == qr_path(drawn)   # encodes it
    page.screenshot(path=SHOTS / "links-hub-frame.png")
    # an input changed in the app: the Hub page's address changes with it
    frame.focus("#gates-token input[type=range]")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('token') === '4'",
                           timeout=10_000)
    assert "__sign" not in page.url and query(page.url)["text"] == "The cat sat."
    # the copied link, opened: the Hub page hands it to the app, which shows that state
    second = context.new_page()
    second.goto(expected)
    frame = app_frame(second, served)
    wait_inputs_and_results(frame, {"#gates-token input[type=number]": "3",
                                    "#gates-text textarea": "The cat sat."},
                            {"#gates-status": "4 tokens"})
    second.screenshot(path=SHOTS / "links-hub-opened.png")
    # opened directly (not framed by the Hub): the link is the app's own address
    direct = context.new_page()
    direct.goto(f"{served}?{urlencode(state)}")
    direct.wait_for_function(VALUE_JS, arg=["#gates-token input[type=number]", "3"],
                             timeout=60_000)
    assert direct.evaluate("window.RnnLecture.link()") == f"{served}?{urlencode(state)}"
    context.close()
