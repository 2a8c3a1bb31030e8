"""The Translation tab in a real browser at 1280x720: the deck's two sentences on arrival, the
attention heatmap on words, the beam tree at width 5, both what-ifs; screenshots in
tests/screenshots/ (translation-result.png, translation-heatmap.png, translation-beam-tree.png,
translation-what-if.png)."""
from __future__ import annotations

import pytest

from conftest import LOOPBACK, SHOTS, open_page

pytest.importorskip("playwright.sync_api")


@pytest.fixture
def page(browser, served):
    context, page = open_page(browser, served, "#tab-start-button")
    page.set_viewport_size({"width": 1280, "height": 720})
    yield page
    context.close()


def shot(page, selector: str, name: str):
    page.locator(selector).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / name)


def test_translation_tab_the_deck_sentence_beam_tree_and_what_ifs(page):
    page.click("#tab-translation-button")
    page.wait_for_selector("#tab-translation", state="visible")
    result = page.inner_text("#translation-result")
    assert "J'adore" in result and "Les chats" in result         # both of the deck's sentences
    assert "“purple” is not in the models'" in result
    shot(page, "#translation-result", "translation-result.png")
    page.wait_for_selector("#translation-heatmap .xtick text")
    ticks = page.eval_on_selector_all("#translation-heatmap .xtick text",
                                      "ts => ts.map(t => t.textContent)")
    assert ticks == ["i", "love", "purple", "cats", "."]
    shot(page, "#translation-heatmap", "translation-heatmap.png")

    page.fill("#translation-beam input[type=number]", "5")
    page.click("#translation-run")
    page.wait_for_selector("#translation-result >> text=beam search (5)", timeout=90_000)
    page.wait_for_selector("#translation-tree .gtitle >> text=Beam search, 5 hypotheses")
    assert page.locator("#translation-tree .scatterlayer .point").count() > 10
    shot(page, "#translation-tree", "translation-beam-tree.png")

    page.click("#translation-force")
    page.wait_for_selector("#translation-what-if >> text=all attention went to", timeout=90_000)
    page.fill("#translation-prefix textarea, #translation-prefix input", "Moi, j'aime")
    page.click("#translation-continue")
    page.wait_for_selector("#translation-what-if >> text=How probable", timeout=90_000)
    assert "Moi, j'aime" in page.inner_text("#translation-what-if")
    shot(page, "#translation-what-if", "translation-what-if.png")

    page.fill("#translation-text textarea, #translation-text input", "I like black cats.")
    page.click("#translation-run")
    page.wait_for_selector("#translation-result >> text=noirs", timeout=90_000)
    page.wait_for_selector("#translation-player .rnn-player[data-ready='true']")
    page.locator("#translation-player .rnn-player").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#translation-player .rnn-player[data-frame='1']")
    assert "Traceback" not in page.content()
    assert page.hosts <= LOOPBACK
