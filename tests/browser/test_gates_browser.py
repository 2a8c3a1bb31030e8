"""The gates tab in a real browser at 1280x720: the LSTM and the GRU, the cell diagram played with
its equations in every frame, screenshots in tests/screenshots/ (gates-lstm.png, gates-gru.png)."""
from __future__ import annotations

import pytest

from conftest import LOOPBACK, SHOTS, open_page

pytest.importorskip("playwright.sync_api")

EQUATIONS = "#gates-cell .annotation-text"     # plotly's annotations in the player's plot


@pytest.fixture
def page(browser, served):
    context, page = open_page(browser, served, "#tab-start-button")
    page.set_viewport_size({"width": 1280, "height": 720})
    yield page
    context.close()


def equations_text(page) -> str:
    """The annotations' text, without spaces and the zero-width spaces plotly puts around
    sub- and superscripts (c<sub>t−1</sub> reads "ct−1")."""
    text = "".join(page.eval_on_selector_all(EQUATIONS, "es => es.map(e => e.textContent)"))
    return text.replace("\u200b", "").replace(" ", "")


def test_gates_tab_plays_the_cell_with_its_equations(page):
    page.click("#tab-gates-button")
    page.wait_for_selector("#tab-gates", state="visible")
    player = page.locator("#gates-cell .rnn-player")
    page.wait_for_selector("#gates-cell .rnn-player[data-ready='true']")
    assert player.get_attribute("data-frames") == "9"
    first = equations_text(page)
    assert "ct=ft⊙ct−1+it⊙gt" in first
    # stepping the diagram moves its equations with it (issue 14 §6): token 4's numbers
    player.focus()
    for frame in (1, 2, 3):
        page.keyboard.press("ArrowRight")
        page.wait_for_selector(f"#gates-cell .rnn-player[data-frame='{frame}']")
    page.wait_for_function("() => document.querySelector('#gates-cell .rnn-player-plot')"
                           ".textContent.includes('token 4: “cats”')")
    assert equations_text(page) != first
    # the token slider moves the diagram there, in the browser
    page.fill("#gates-token input[type=number]", "5")
    page.press("#gates-token input[type=number]", "Enter")
    page.wait_for_selector("#gates-cell .rnn-player[data-frame='4']")
    # a new unit redraws the diagram, still at the slider's token
    page.fill("#gates-unit input[type=number]", "7")
    page.press("#gates-unit input[type=number]", "Enter")
    page.wait_for_function("() => document.querySelector('#gates-cell .rnn-player-plot')"
                           ".textContent.includes('unit 7, token 5')")
    assert player.get_attribute("data-frame") == "4"
    page.locator("#gates-cell").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "gates-lstm.png")
    page.screenshot(path=SHOTS / "gates.png", full_page=True)

    # the GRU: the translator's encoder, right to left, on another sentence
    page.fill("#gates-text textarea, #gates-text input", "She has a red car.")
    page.click("#gates-model input")
    page.get_by_role("option", name="GRU · translator's encoder — right to left").click()
    page.wait_for_selector("#gates-status >> text=backward direction")
    page.wait_for_selector("#gates-cell .rnn-player[data-frames='6'][data-ready='true']")
    page.wait_for_selector("#gates-equations >> text=Right to left")
    assert "nt=tanh(xtWinT+bin+rt⊙(ht+1WhnT+bhn))" in equations_text(page)
    page.locator("#gates-cell").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "gates-gru.png")
    page.locator("#gates-heatmaps").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "gates-gru-heatmaps.png")
    assert page.hosts <= LOOPBACK
