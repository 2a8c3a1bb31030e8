"""The paradigms and trade-offs tabs in a real browser (Debian's chromium through Playwright):
every sub-tab and control, the links to other tabs, screenshots in tests/screenshots/, and not one
request to a host other than loopback. The app holds only these tabs (plus two placeholder tabs
that the links open)."""
from __future__ import annotations


import gradio as gr
import pytest

from conftest import LOOPBACK, SHOTS, launch_on_loopback, open_page

pytest.importorskip("playwright.sync_api")



@pytest.fixture(scope="module")
def served():
    from explainer.ui.paradigms import build_paradigms_tab
    from explainer.ui.tradeoffs import build_tradeoffs_tab
    with gr.Blocks(title="RNN Explainer — paradigms") as demo:
        with gr.Tabs():
            with gr.Tab("Paradigms", id="paradigms", elem_id="tab-paradigms"):
                build_paradigms_tab()
            with gr.Tab("Pros and cons, measured", id="tradeoffs", elem_id="tab-tradeoffs"):
                build_tradeoffs_tab()
            with gr.Tab("POS tagging", id="pos", elem_id="tab-pos"):
                gr.Markdown("the POS tab stands here", elem_id="pos-placeholder")
            with gr.Tab("Translation & attention", id="translation", elem_id="tab-translation"):
                gr.Markdown("the translation tab stands here", elem_id="translate-placeholder")
    demo.queue()
    yield launch_on_loopback(demo)
    demo.close()




@pytest.fixture
def page(browser, served):
    context, page = open_page(browser, served, "#tab-paradigms-button")
    yield page
    context.close()


def open_tab(page, tab_id: str):
    page.click(f"#{tab_id}-button")
    page.wait_for_selector(f"#{tab_id}", state="visible")


def shoot(page, name: str):
    page.wait_for_timeout(800)  # let the updated figures fade in before the picture
    page.screenshot(path=SHOTS / name, full_page=True)


def status_has(page, selector: str, text: str, timeout: int = 30_000):
    page.wait_for_function("([s, t]) => document.querySelector(s)?.innerText.includes(t)",
                           arg=[selector, text], timeout=timeout)


def test_the_gallery_runs_each_paradigm(page):
    open_tab(page, "tab-paradigms")
    # one-to-one: first answer there on arrival, then the user's words
    page.wait_for_selector("#p11-diagram .js-plotly-plot")
    page.fill("#p11-words textarea, #p11-words input", "bicycle slowly Berlin")
    page.click("#p11-run")
    status_has(page, "#p11-status", "3 word(s)")
    assert "bicycle" in page.inner_text("#p11-table")
    shoot(page, "paradigms-one-to-one.png")

    # one-to-many: another seed, length and sampling seed
    open_tab(page, "paradigm-one-to-many")
    page.fill("#p1n-seed textarea, #p1n-seed input", "T")
    page.fill("#p1n-length input[type=number]", "120")
    page.press("#p1n-length input[type=number]", "Enter")
    page.fill("#p1n-sample-seed input", "5")
    page.click("#p1n-run")
    status_has(page, "#p1n-status", "120 out")
    assert page.locator("#p1n-text span").count() == 121
    shoot(page, "paradigms-one-to-many.png")

    # many-to-one: an example sentence, then typed text
    open_tab(page, "paradigm-many-to-one")
    page.fill("#pn1-text textarea, #pn1-text input", "Where did you put the keys?")
    page.click("#pn1-run")
    status_has(page, "#pn1-status", "Answer: English")
    page.wait_for_selector("#pn1-curve .js-plotly-plot")
    shoot(page, "paradigms-many-to-one.png")

    # many-to-many: tags, then the link to the POS tab
    open_tab(page, "paradigm-many-to-many")
    page.fill("#pnn-text textarea, #pnn-text input", "Birds sing in the morning.")
    page.click("#pnn-run")
    status_has(page, "#pnn-status", "6 words in, 6 tags out")
    assert page.locator("#pnn-tagged .pos-chip").count() == 6
    shoot(page, "paradigms-many-to-many.png")
    page.click("#pnn-open-pos")
    page.wait_for_selector("#pos-placeholder", state="visible")

    # encoder/decoder: the translator, and the link to the Translation tab
    open_tab(page, "tab-paradigms")
    open_tab(page, "paradigm-encoder-decoder")
    page.wait_for_selector("#ped-diagram .js-plotly-plot")
    page.fill("#ped-text textarea, #ped-text input", "Where is the station?")
    page.click("#ped-run")
    status_has(page, "#ped-status", "5 tokens in")
    status_has(page, "#ped-diagram", "station")
    shoot(page, "paradigms-encoder-decoder.png")
    page.click("#ped-open")
    page.wait_for_selector("#translate-placeholder", state="visible")
    assert page.hosts <= LOOPBACK, f"requests left the machine: {page.hosts - LOOPBACK}"


def test_trade_offs_are_measured_again_on_request(page):
    open_tab(page, "tab-tradeoffs")
    page.wait_for_selector("#size-plot .js-plotly-plot")
    before = page.inner_text("#speed-status")
    page.click("#speed-run")
    page.wait_for_function(
        "b => document.querySelector('#speed-status').innerText !== b", arg=before,
        timeout=60_000)
    page.locator("#delay-step label", has_text="3000").click()
    status_has(page, "#delay-status", "After 3,000 training steps")
    page.locator("#future-text").scroll_into_view_if_needed()
    page.fill("#future-text textarea, #future-text input",
              "They refuse to permit us to obtain the refuse permit.")
    page.click("#future-run")
    status_has(page, "#future-status", "only the left-to-right tagger is right on “refuse”")
    assert page.locator("#future-tags .pos-chip").count() == 3 * 11   # both taggers, our gold
    shoot(page, "tradeoffs.png")
    assert page.hosts <= LOOPBACK


def test_bad_input_shows_a_message(page):
    open_tab(page, "tab-paradigms")
    open_tab(page, "paradigm-one-to-many")
    page.fill("#p1n-seed textarea, #p1n-seed input", "€")
    page.click("#p1n-run")
    toast = page.wait_for_selector("text=The model never saw “€” in Shakespeare")
    assert toast.is_visible() and "Traceback" not in page.content()
