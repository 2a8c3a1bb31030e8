"""The Translation tab in a real browser at 1280x720: the deck's two sentences on arrival, the
attention heatmap on words, the beam tree at width 5, both what-ifs; a click on a beam node
showing that hypothesis's attention row (at 1280x720, on a 390x844 phone, in dark mode).
Screenshots in tests/screenshots/ (translation-result.png, translation-heatmap.png,
translation-beam-tree.png, translation-what-if.png, translation-tree-click-{desktop,phone,
dark}.png: the tree and the winner's row; translation-tree-{desktop,phone,dark}.png: the tree
alone; translation-tree-row-*.png: that row alone; translation-tree-pruned-*.png: a pruned
node's row)."""
from __future__ import annotations

import numpy as np
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
    assert "“purple” (English): the model reads it as 3 pieces" in result   # no <unk>
    assert "⟨unk⟩" not in result
    shot(page, "#translation-result", "translation-result.png")
    page.wait_for_selector("#translation-heatmap .xtick text")
    ticks = page.eval_on_selector_all("#translation-heatmap .xtick text",
                                      "ts => ts.map(t => t.textContent)")
    assert ticks == ["I", "love", "purple", "cats", "."]
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


def _beam_5(page):
    page.evaluate("() => document.querySelector('#tab-translation-button').click()")
    page.wait_for_selector("#tab-translation", state="visible", timeout=60_000)
    page.fill("#translation-beam input[type=number]", "5")
    page.click("#translation-run")
    page.wait_for_selector("#translation-tree .gtitle >> text=Beam search, 5 hypotheses",
                           timeout=90_000)


def _click_node(page, i: int):
    """A click where plotly drew node i (the nodes are the last scatter trace)."""
    point = page.locator("#translation-tree .scatterlayer .trace").last.locator(".point").nth(i)
    point.scroll_into_view_if_needed()
    page.wait_for_timeout(400)     # plotly reads a second click within 300 ms as a double click
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(f"#translation-tree-row .beam-row[data-node='{i}']", timeout=10_000)


def _shown(page) -> tuple[str, str, list[str], list[float]]:
    row = page.locator("#translation-tree-row .beam-row")
    return (row.locator(".beam-row-prefix").inner_text(),
            row.locator(".beam-row-logp").inner_text(),
            row.locator("th").all_inner_texts(),
            [float(t) for t in row.locator("td").all_inner_texts()])


@pytest.mark.parametrize("look", ["desktop", "phone", "dark"])
def test_a_click_on_a_beam_node_shows_that_hypothesis_attention_row(browser, served, look):
    from explainer.explain.translation import explain_text_translation, tree_on_words
    from explainer.figures.beam_tree import prefix, shown_node
    from explainer.ui.translation import EXAMPLES

    size = {"width": 390, "height": 844} if look == "phone" else {"width": 1280, "height": 720}
    context = browser.new_context(viewport=size, color_scheme="dark" if look == "dark" else
                                  "light", is_mobile=look == "phone", has_touch=look == "phone")
    page = context.new_page()
    page.goto(served + ("?__theme=dark" if look == "dark" else ""))
    page.wait_for_selector("#tab-start-button", state="attached")
    _beam_5(page)
    tree = tree_on_words(explain_text_translation(EXAMPLES[0], 5, 0).tree)   # what the page drew
    pruned, winner = int(np.flatnonzero(tree.pruned)[0]), shown_node(tree)
    page.wait_for_selector(f"#translation-tree-row .beam-row[data-node='{winner}']")
    for i in (pruned, winner):           # before any click the winner's end shows; then each
        if i != winner:
            _click_node(page, i)
        else:
            _click_node(page, int(np.flatnonzero(tree.winner)[1]))   # away from it, then back
            _click_node(page, i)
        shown_prefix, log_p, words, values = _shown(page)
        assert shown_prefix == prefix(tree, i)
        assert f"log p = {tree.log_probabilities[i]:.2f}" in log_p
        assert ("pruned" if i == pruned else "the chosen translation") in log_p
        assert words == list(tree.source) == ["I", "love", "purple", "cats", "."]
        np.testing.assert_allclose(values, tree.attention[i], atol=0.0051)
        traces = page.locator("#translation-tree .scatterlayer .trace")
        ring = traces.nth(traces.count() - 2).locator(".point").first.bounding_box()
        node = traces.last.locator(".point").nth(i).bounding_box()
        for axis, size in (("x", "width"), ("y", "height")):     # the clicked node is ringed
            assert ring[axis] + ring[size] / 2 == pytest.approx(node[axis] + node[size] / 2,
                                                                abs=1.5)
        if i == pruned:
            page.eval_on_selector("#translation-tree-row", "e => { e.scrollIntoView("
                                  "{block: 'start'}); window.scrollBy(0, -100); }")
            page.locator("#translation-tree-row").screenshot(
                path=SHOTS / f"translation-tree-pruned-{look}.png")
    page.mouse.move(2, 2)
    shown = "#translation-tree-row" if look == "phone" else "#translation-tree"
    page.eval_on_selector(shown, "e => { e.scrollIntoView({block: 'start'}); "
                                 "window.scrollBy(0, -100); }")    # below the scene bar
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / f"translation-tree-click-{look}.png", full_page=False)
    page.locator("#translation-tree").screenshot(path=SHOTS / f"translation-tree-{look}.png")
    if look != "phone":          # the title clear of plotly's modebar, which a hover shows
        title = page.locator("#translation-tree .gtitle").bounding_box()
        page.mouse.move(title["x"] + title["width"] / 2, title["y"] + title["height"] / 2)
        page.wait_for_timeout(300)
        bar = page.locator("#translation-tree .modebar").first
        assert bar.is_visible()
        bar = bar.bounding_box()
        assert title["x"] + title["width"] <= bar["x"] or title["y"] >= bar["y"] + bar["height"]
        page.mouse.move(2, 2)
    page.locator("#translation-tree-row").screenshot(
        path=SHOTS / f"translation-tree-row-{look}.png")
    if look == "desktop":     # drawn afresh as presenter mode does (purge drops listeners)
        page.evaluate("""async () => {
            const gd = document.querySelector('#translation-tree .js-plotly-plot');
            const data = gd.data, layout = gd.layout;
            window.Plotly.purge(gd);
            await window.Plotly.newPlot(gd, data, layout); }""")
        _click_node(page, pruned)
        assert _shown(page)[0] == prefix(tree, pruned)
    assert "Traceback" not in page.content()
    context.close()
