"""The app in a real browser (Debian's chromium through Playwright): every tab, every control,
screenshots in tests/screenshots/, and not one request to a host other than loopback."""
from __future__ import annotations


import pytest

from conftest import LOOPBACK, SHOTS, open_page

pytest.importorskip("playwright.sync_api")





@pytest.fixture
def page(browser, served):
    context, page = open_page(browser, served, "#tab-start-button")
    yield page
    context.close()


def open_tab(page, view_id: str):
    page.click(f"#tab-{view_id}-button")
    page.wait_for_selector(f"#tab-{view_id}", state="visible")


def test_every_tab_and_control_without_leaving_loopback(page, served):
    page.screenshot(path=SHOTS / "start.png", full_page=True)
    tabs = page.eval_on_selector_all("button[role=tab]", "bs => bs.map(b => b.id)")
    assert {"tab-start-button", "tab-neurons-button", "tab-unrolled-button", "tab-pos-button",
            "tab-gates-button"} <= set(tabs)

    # the start page's buttons open their view (in the browser, no request)
    page.click("#open-neurons")
    page.wait_for_selector("#tab-neurons", state="visible")

    # shape explorer: type sizes, run, read the shapes the neurons returned
    for box, value in (("L", "5"), ("N", "3"), ("input_size", "7"), ("output_size", "2")):
        page.fill(f"#shape-{box} input", value)
    page.click("#shape-run")
    page.wait_for_function(
        "() => document.querySelector('#shape-result').innerText.includes('(5, 3, 7)')")
    assert "(3, 2)" in page.inner_text("#shape-result")

    # the slide's bugs, run with those sizes
    page.click("text=The slide's RecurrentNeuron as written")
    page.wait_for_selector("#slide-bugs table", state="visible")
    bugs = page.inner_text("#slide-bugs")
    assert "AttributeError" in bugs and "mat1 and mat2 shapes cannot be multiplied (3x7 and 2x7)" in bugs

    # statefulness: a new seed redraws the figure and the text
    before = page.inner_text("#stateful-text")
    page.fill("#stateful-seed input", "5")
    page.press("#stateful-seed input", "Enter")
    page.wait_for_function(
        "before => document.querySelector('#stateful-text').innerText !== before", arg=before)
    # the slider: keyboard steps it, and releasing the key recomputes
    page.focus("#stateful-repeats input[type=range]")
    before = page.inner_text("#stateful-text")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => document.querySelector('#stateful-text').innerText !== before", arg=before)
    assert page.locator("#stateful-plot .js-plotly-plot").count() == 1
    page.screenshot(path=SHOTS / "neurons.png", full_page=True)

    for view in ("unrolled", "bptt", "pos", "gates", "translation", "start"):
        open_tab(page, view)
    assert page.hosts <= LOOPBACK, f"requests left the machine: {page.hosts - LOOPBACK}"


def test_pos_tab_tags_follows_a_word_and_trains_a_class_model(page):
    open_tab(page, "pos")
    assert "NOUN" in page.inner_text("#pos-tagged")  # the first sentence is there on arrival
    page.fill("#pos-text textarea", "Time flies like an arrow.")
    page.click("#pos-run")
    page.wait_for_selector("#pos-status >> text=6 tokens")
    assert page.locator("#pos-tagged .pos-chip").count() == 6

    # follow the third word: its row is highlighted in the seven steps
    page.locator("#pos-token label").nth(2).click()
    page.wait_for_function("() => [...document.querySelectorAll('#pos-steps tr.selected td')]"
                           ".some(td => td.innerText === 'like')")
    # another tagger redoes the sentence
    page.locator("#pos-model label").nth(2).click()
    page.wait_for_selector("#pos-status >> text=best")
    assert page.locator("#pos-heatmap .js-plotly-plot").count() == 1
    page.screenshot(path=SHOTS / "pos.png", full_page=True)

    # the class's own data: the sample file, live training, then tagging with it
    page.click("#class-sample")
    page.wait_for_function("() => document.querySelector('#class-file').innerText"
                           ".includes('class-sample')")
    page.click("#class-train")
    page.wait_for_selector("#class-status >> text=done", timeout=60_000)
    page.fill("#class-text input, #class-text textarea", "The happy robot sings .")
    page.click("#class-tag")
    page.wait_for_selector("#class-tagged .pos-chip")
    assert "NOUN" in page.inner_text("#class-tagged")
    page.locator("#class-curve").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "pos-class.png")
    assert page.hosts <= LOOPBACK


def test_unrolled_tab_animates_in_the_browser_without_requests(page):
    open_tab(page, "unrolled")
    page.wait_for_selector("#unrolled-player .rnn-player[data-ready='true']")
    player = page.locator("#unrolled-player .rnn-player")
    frames = int(player.get_attribute("data-frames"))
    assert frames == 6 + 9  # rolled, unrolling x4, unrolled, then one frame per token
    before = page.locator("#unrolled-player .rnn-player-plot").screenshot()
    requests_before = len(page.hosts_log)
    player.focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => +document.querySelector('#unrolled-player .rnn-player')"
                           ".dataset.frame >= 3")
    page.keyboard.press("Space")  # pause
    assert page.locator("#unrolled-player .rnn-player-plot").screenshot() != before
    asked = [u for u in page.hosts_log[requests_before:]       # a late static file or Gradio's
             if "/queue/" in u or "/call/" in u or "/run/" in u]  # heartbeat is not the player
    assert not asked, f"playing made a request to the server: {asked}"
    page.keyboard.press("End")
    page.wait_for_selector(f"#unrolled-player .rnn-player[data-frame='{frames - 1}']")
    page.screenshot(path=SHOTS / "unrolled.png", full_page=True)
    # a new sentence and cell re-initialise the player
    page.fill("#unrolled-text input, #unrolled-text textarea", "Dogs bark.")
    page.locator("#unrolled-model label").nth(1).click()
    page.wait_for_selector("#unrolled-player .rnn-player[data-frames='9']")
    assert page.hosts <= LOOPBACK


def test_bad_input_shows_a_message(page):
    open_tab(page, "neurons")
    page.fill("#shape-L input", "0")
    page.click("#shape-run")
    toast = page.wait_for_selector("text=L must be from 1 to 512; you entered 0")
    assert toast.is_visible()
    assert "Traceback" not in page.content()
    page.wait_for_timeout(800)  # the toast fades in
    page.screenshot(path=SHOTS / "bad-input.png")


def test_dark_mode_figures_follow_the_theme(browser, served):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(served + "?__theme=dark")
    open_tab(page, "neurons")
    page.wait_for_selector("#stateful-plot .xtick text")
    fill = page.eval_on_selector("#stateful-plot .xtick text", "t => getComputedStyle(t).fill")
    red, green, blue = (int(v) for v in fill[fill.index("(") + 1:-1].split(",")[:3])
    assert min(red, green, blue) > 150, f"axis text is {fill} on a dark page"
    page.screenshot(path=SHOTS / "neurons-dark.png", full_page=True)
    context.close()
