"""The lecture tools in a real browser (Debian's chromium): a deep link per view opens that view
with its inputs and computed result, and changing an input rewrites the URL; scenes move with
PageDown/PageUp and n/p; presenter mode at 1280x720 and 1920x1080 shows every scene's figure and
caption inside the window, unshrunk, body text >= 24 px and every text of the figure >= 16 px
(measured as rendered). One page per viewport, reused.
Screenshots: tests/screenshots/lecture-*.png."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from conftest import SHOTS
from explainer.ui.scenes import SCENES

pytest.importorskip("playwright.sync_api")

# view -> (link parameters, {selector of an input: its value}, {selector of a result: text in it},
#          (selector of a text box to retype, new text, the URL parameter that must follow))
LINKS = {
    "neurons": ({"L": "5", "N": "3", "input_size": "7", "output_size": "2"},
                {"#shape-L input": "5", "#shape-input_size input": "7"},
                {"#shape-result": "(5, 3, 7)"}, ("#shape-N input", "4", "N")),
    "unrolled": ({"text": "The dog barks.", "cell": "slide"},
                 {"#unrolled-text textarea": "The dog barks."},
                 {"#unrolled-status": "slide tagger"}, ("#unrolled-text textarea", "A cat.", "text")),
    "bptt": ({"text": "The cat sat on the mat .", "cell": "lstm"},
             {"#bptt-text textarea": "The cat sat on the mat ."},
             {"#bptt-status": "LSTM tagger"}, ("#bptt-text textarea", "Dogs bark .", "text")),
    "pos": ({"text": "I is a teeth", "tagger": "elman"}, {"#pos-text textarea": "I is a teeth"},
            {"#pos-tagged": "teeth", "#pos-status": "elman"},
            ("#pos-text textarea", "The old man the boat.", "text")),
    "paradigms": ({"paradigm": "many-to-one", "language_text": "Le chien dort dans le jardin."},
                  {"#pn1-text textarea": "Le chien dort dans le jardin."},
                  {"#pn1-status": "French"}, ("#pn1-text textarea", "The dog sleeps.",
                                              "language_text")),
    "gates": ({"text": "The cat sat.", "lstm": "best:0:1"}, {"#gates-text textarea": "The cat sat."},
              {"#gates-status": "4 tokens · 256 units"}, ("#gates-text textarea", "Dogs bark.", "text")),
    "translation": ({"text": "She has a red car.", "decoding": "beam"},
                    {"#translation-text textarea": "She has a red car."},
                    {"#translation-result": "beam search (5)", "#translation-heatmap": "rouge"},
                    ("#translation-text textarea", "I like black cats.", "text")),
    "tradeoffs": ({"text": "The old man the boat."}, {"#future-text textarea": "The old man the boat."},
                  {"#future-tags": "boat"}, ("#future-text textarea", "Time flies.", "text")),
}

SCENE_JS = "() => document.querySelector('#scene-text .rnn-scene')?.dataset.scene || '0'"
SETTLED_JS = ("() => { const b = document.querySelector('#scene-text .rnn-scene');"
              " return !!b && !!b.dataset.scene && b.dataset.seq === document.documentElement"
              ".dataset.rnnShown; }")
MEASURE_JS = """() => {
  const bar = document.querySelector('#scene-text .rnn-scene');
  const figure = document.querySelector('#' + bar.dataset.figure);
  const box = (el) => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom].map(Math.round); };
  const panel = [...document.querySelectorAll('[role=tabpanel]')].find((p) => p.offsetHeight);
  const prose = panel ? [...panel.querySelectorAll('.prose p')].find((p) => p.offsetHeight) : null;
  return {scene: bar.dataset.scene, figure: bar.dataset.figure, box: box(figure),
          caption: box(bar.querySelector('.rnn-scene-look')), zoom: figure.style.zoom || '1',
          body: prose ? parseFloat(getComputedStyle(prose).fontSize) : null,
          look: parseFloat(getComputedStyle(bar.querySelector('.rnn-scene-look')).fontSize),
          width: innerWidth, height: innerHeight,
          page: document.documentElement.scrollWidth};
}"""

# Every text of the scene's figure, with its rendered size in px of the window: plotly's SVG text
# at its font-size times its scale on screen (its box on screen over its own box: CSS zoom and
# SVG transforms alike), HTML text at its font-size times the CSS zoom of it and its ancestors,
# maths (KaTeX) at its formula's size (its sub- and superscripts are 0.7 of that).
FONTS_JS = """(selector) => {
  const fig = document.querySelector('#' + selector);
  if (!fig) return null;
  const zoomOf = (el) => { let z = 1;
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) z *= parseFloat(getComputedStyle(a).zoom) || 1;
    return z; };
  const out = [];
  const name = (el) => el.tagName.toLowerCase() + ((el.getAttribute('class') || '').trim()
    ? '.' + el.getAttribute('class').trim().split(/\\s+/)[0] : '');
  for (const t of fig.querySelectorAll('svg text')) {
    if (!t.textContent.trim() || t.closest('.hoverlayer, .modebar')) continue;
    const r = t.getBoundingClientRect();
    let b; try { b = t.getBBox(); } catch (e) { continue; }
    if (!r.width || !r.height || !b.width || !b.height) continue;
    const scale = Math.sqrt((r.width * r.height) / (b.width * b.height));
    out.push({kind: 'svg ' + name(t.closest('[class]') || t), text: t.textContent.trim().slice(0, 40),
              px: Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * 10) / 10});
  }
  const walker = document.createTreeWalker(fig, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    let el = n.parentElement;
    if (!n.textContent.trim() || el.closest('svg, script, style, .katex-mathml')) continue;
    const range = document.createRange(); range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    el = el.closest('.katex') || el;
    out.push({kind: 'html ' + name(el), text: n.textContent.trim().slice(0, 40),
              px: Math.round(parseFloat(getComputedStyle(el).fontSize) * zoomOf(el) * 10) / 10});
  }
  return out;
}"""
MIN_FIGURE_FONT = 16      # px: a figure's titles, labels, ticks, annotations and table text


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context
    context.close()


def open_url(page, url):
    page.goto(url)
    page.wait_for_selector("#scene-text .rnn-scene")


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize("view", list(LINKS))
def test_a_deep_link_opens_its_state_and_the_url_follows_the_inputs(context, served, view):
    page = context.pages[0] if context.pages else context.new_page()
    params, inputs, results, (box, new_text, name) = LINKS[view]
    open_url(page, f"{served}?{urlencode({'view': view, **params})}")
    page.wait_for_selector(f"#tab-{view}", state="visible")
    for selector, value in inputs.items():
        page.wait_for_function("([s, v]) => document.querySelector(s)?.value === v",
                               arg=[selector, value], timeout=30_000)
    for selector, text in results.items():
        page.wait_for_function("([s, t]) => document.querySelector(s)?.innerText.includes(t)",
                               arg=[selector, text], timeout=90_000)   # a beam of 5, loaded CPU
    assert query(page) == {"view": view, **params}          # the canonical link, as opened
    assert "rnn-link-note" not in page.inner_html("#scene-text")
    page.click(box)                                          # typing rewrites the URL in place
    page.keyboard.press("Control+A")
    page.keyboard.type(new_text)
    page.wait_for_function("([n, t]) => new URLSearchParams(location.search).get(n) === t",
                           arg=[name, new_text], timeout=10_000)
    assert query(page)["view"] == view and page.url.startswith(served)
    if view == "translation":
        page.screenshot(path=SHOTS / "lecture-link-translation.png")


def test_a_bad_link_shows_the_defaults_with_a_note(context, served):
    page = context.pages[0] if context.pages else context.new_page()
    open_url(page, f"{served}?view=translation&decoding=sideways&text=")
    page.wait_for_selector(".rnn-link-note", timeout=30_000)
    notes = page.inner_text("#scene-text")
    assert "decoding" in notes and "default" in notes
    page.wait_for_selector("#tab-translation", state="visible")
    page.screenshot(path=SHOTS / "lecture-bad-link.png")


def next_scene(page, key):
    before = page.evaluate(SCENE_JS)
    page.keyboard.press(key)
    page.wait_for_function(f"b => ({SCENE_JS})() !== b", arg=before, timeout=30_000)
    page.wait_for_function(SETTLED_JS, timeout=30_000)
    return int(page.evaluate(SCENE_JS))


def test_scene_keys_move_through_the_deck_and_the_url_names_the_scene(context, served):
    page = context.pages[0] if context.pages else context.new_page()
    open_url(page, f"{served}?scene=2")
    page.wait_for_function(SETTLED_JS, timeout=30_000)
    assert query(page) == {"scene": SCENES[1].name}
    assert next_scene(page, "n") == 3 and query(page) == {"scene": SCENES[2].name}
    assert next_scene(page, "PageDown") == 4
    assert next_scene(page, "PageUp") == 3
    assert next_scene(page, "p") == 2
    # typing in a box: n is a letter, not a scene
    page.click("#stateful-seed input")
    page.keyboard.press("n")
    page.wait_for_timeout(500)
    assert page.evaluate(SCENE_JS) == "2"
    # the player keeps the arrows: → steps its frame, the scene stays
    page.evaluate("document.activeElement.blur()")
    open_url(page, f"{served}?scene=unrolled")
    page.wait_for_function(SETTLED_JS, timeout=30_000)
    page.wait_for_selector("#unrolled-player .rnn-player[data-ready=true]", timeout=30_000)
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#unrolled-player .rnn-player[data-frame='1']", timeout=5_000)
    assert page.evaluate(SCENE_JS) == str(1 + [s.name for s in SCENES].index("unrolled"))


def presenter_pass(browser, served, width, height, dark=False):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme="dark" if dark else "light")
    page = context.new_page()
    theme = "&__theme=dark" if dark else ""
    open_url(page, f"{served}?scene=1&present=1{theme}")
    page.wait_for_function(SETTLED_JS, timeout=30_000)
    measured = []
    for number in range(1, len(SCENES) + 1):
        if number > 1:
            assert next_scene(page, "PageDown") == number
        page.wait_for_timeout(300)
        m = page.evaluate(MEASURE_JS)
        texts = page.evaluate(FONTS_JS, m["figure"]) or []
        smallest = min(texts, key=lambda t: t["px"], default=None)
        m["texts"], m["smallest"] = len(texts), smallest
        measured.append(m)
        name = f"lecture-present-{width}x{height}{'-dark' if dark else ''}-{number:02d}.png"
        page.screenshot(path=SHOTS / name)
    context.close()
    (SHOTS / f"lecture-present-{width}x{height}.json").write_text(json.dumps(measured, indent=1))
    return measured


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080)])
def test_presenter_mode_fits_every_scene_figure_and_caption(browser, served, width, height):
    measured = presenter_pass(browser, served, width, height)
    for m in measured:
        left, top, right, bottom = m["box"]
        assert top >= 0 and bottom <= height + 1 and left >= 0 and right <= width + 1, m
        c_left, c_top, c_right, c_bottom = m["caption"]
        assert c_top >= 0 and c_bottom <= top + 1, m  # the caption above the figure, in view
        assert m["look"] >= 24 and (m["body"] is None or m["body"] >= 24), m
        assert m["page"] <= width + 1, m             # no horizontal scrolling
        assert right - left >= 0.5 * width or m["figure"].startswith("gates-cell"), m
        # legible from the back of the room: no figure shrunk to fit, its smallest text >= 16 px
        assert float(m["zoom"]) >= 1, m
        assert m["texts"] > 0 and m["smallest"]["px"] >= MIN_FIGURE_FONT, m


def test_presenter_mode_in_dark_mode_with_high_contrast(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="dark")
    page = context.new_page()
    open_url(page, f"{served}?scene=attention&present=1&contrast=1&__theme=dark")
    page.wait_for_function(SETTLED_JS, timeout=30_000)
    colours = page.evaluate("""() => { const s = getComputedStyle(document.querySelector(
        '#scene-text .rnn-scene-look')); return [s.color, getComputedStyle(document.body)
        .backgroundColor]; }""")
    page.screenshot(path=SHOTS / "lecture-present-dark-contrast.png")
    page.click("#contrast-toggle")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('contrast')")
    page.screenshot(path=SHOTS / "lecture-present-dark.png")
    context.close()
    assert colours[0] == "rgb(255, 255, 255)", colours


def test_qr_code_and_copy_link_carry_the_current_url(context, served):
    page = context.pages[0] if context.pages else context.new_page()
    open_url(page, f"{served}?view=pos&text=I+is+a+teeth")
    page.wait_for_selector("#tab-pos", state="visible")
    page.click("#qr-link")
    page.wait_for_selector("#link-qr svg", timeout=30_000)
    assert page.inner_text("#link-qr .rnn-qr-link") == page.url
    assert page.evaluate("window.RnnLecture.link()") == page.url
    page.screenshot(path=SHOTS / "lecture-qr.png")
