"""The app on a phone (390 x 844 CSS pixels, as an iPhone 12-15): no view wider than the screen,
the start page within three screens, the tab bar one row and first on the page (a scene's bar
under it, the link tools after the view); and the self-study path's links and the
start page's buttons open a view at its top. Screenshots in tests/screenshots/phone-*.png."""
from __future__ import annotations

import pytest

from conftest import SHOTS

pytest.importorskip("playwright.sync_api")

WIDTH, HEIGHT = 390, 844
VIEWS = ["start", "neurons", "unrolled", "bptt", "pos", "paradigms", "gates", "translation",
         "tradeoffs"]


@pytest.fixture(scope="module", params=["light", "dark"])
def phone(request, browser, served):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  device_scale_factor=2, is_mobile=True, has_touch=True,
                                  color_scheme=request.param)
    page = context.new_page()
    page.goto(served + ("?__theme=dark" if request.param == "dark" else ""))
    page.wait_for_selector("#tab-start-button", state="attached")
    page.scheme = request.param
    yield page
    context.close()


def open_view(page, view_id: str) -> None:
    page.evaluate(f"() => document.querySelector('#tab-{view_id}-button').click()")
    page.wait_for_selector(f"#tab-{view_id}", state="visible", timeout=60_000)
    page.wait_for_timeout(300)      # plotly sizes its figures to their boxes after showing


def overflowing_blocks(page, view_id: str) -> list[str]:
    """Gradio blocks of the view whose right edge passes the screen's."""
    return page.evaluate(f"""() => [...document.querySelectorAll('#tab-{view_id} .block')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > {WIDTH} + 1)
        .map(e => (e.id || e.className).slice(0, 60))""")


@pytest.mark.parametrize("view_id", VIEWS)
def test_no_view_is_wider_than_the_phone(phone, view_id):
    open_view(phone, view_id)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{view_id}: the page is {width} px wide on a {WIDTH} px screen"
    assert overflowing_blocks(phone, view_id) == []
    phone.screenshot(path=SHOTS / f"phone-{phone.scheme}-{view_id}.png")


def test_the_start_page_fits_in_three_screens_and_the_tabs_in_one_row(phone):
    open_view(phone, "start")
    height = phone.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 3 * HEIGHT, f"the start page is {height / HEIGHT:.2f} screens tall"
    bar = phone.eval_on_selector("[role=tablist]", "e => e.getBoundingClientRect().height")
    assert bar < 60, f"the tab bar is {bar:.0f} px tall"
    phone.screenshot(path=SHOTS / f"phone-{phone.scheme}-start-full.png", full_page=True)


TOPS_JS = """(view) => { const top = (s) => { const e = document.querySelector(s);
    return e && e.offsetParent !== null ? e.getBoundingClientRect().top + scrollY : null; };
  return {selector: top('[role=tablist]'), bar: top('#scene-bar'), tools: top('#link-tools'),
          view: top('#tab-' + view)}; }"""


def test_the_tab_selector_comes_first_then_the_view(phone, served):
    """The first screen shows the selector and the view's start: the link tools, the device line
    and (no scene open) the scene bar come after the view; a scene's bar sits under the selector,
    and the selected tab is scrolled into the selector's row."""
    open_view(phone, "gates")
    tops = phone.evaluate(TOPS_JS, "gates")
    assert tops["selector"] < 100 and tops["selector"] < tops["view"] < HEIGHT / 2, tops
    assert tops["view"] < tops["bar"] and tops["view"] < tops["tools"], tops
    phone.goto(f"{served}?scene=bptt" + ("&__theme=dark" if phone.scheme == "dark" else ""))
    phone.wait_for_selector("#scene-text .rnn-scene[data-scene]", timeout=90_000)  # busy CPU
    phone.wait_for_selector("#tab-bptt", state="visible", timeout=30_000)
    phone.wait_for_function("""() => document.querySelector('#scene-text .rnn-scene').dataset.seq
        === document.documentElement.dataset.rnnShown""", timeout=60_000)  # scrolled to its figure
    phone.evaluate("() => window.scrollTo(0, 0)")
    tops = phone.evaluate(TOPS_JS, "bptt")
    assert tops["selector"] < tops["bar"] < tops["view"] < HEIGHT / 2 < tops["tools"], tops
    tab = phone.eval_on_selector("#tab-bptt-button", "e => e.getBoundingClientRect().toJSON()")
    assert 0 <= tab["left"] and tab["right"] <= WIDTH + 1, tab       # the selected tab in sight
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    phone.screenshot(path=SHOTS / f"phone-{phone.scheme}-scene-first-screen.png")


def test_links_between_views_land_at_the_top(phone):
    open_view(phone, "neurons")
    phone.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.click("#guide-neurons-next")
    phone.wait_for_selector("#tab-unrolled", state="visible")
    phone.wait_for_function("() => window.scrollY === 0")
    phone.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.click("#guide-unrolled-previous")
    phone.wait_for_selector("#tab-neurons", state="visible")
    phone.wait_for_function("() => window.scrollY === 0")
    open_view(phone, "start")
    phone.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    phone.click("#open-gates")
    phone.wait_for_selector("#tab-gates", state="visible")
    phone.wait_for_function("() => window.scrollY === 0")


def test_a_question_reveals_what_the_model_computes(phone):
    open_view(phone, "pos")
    phone.click("#guide-teeth-choice label:has-text('NOUN')")
    phone.click("#guide-teeth-reveal")
    phone.wait_for_function(
        "() => document.querySelector('#guide-teeth-answer').innerText.includes('teeth')")
    assert "top guesses" in phone.inner_text("#guide-teeth-answer")


def test_a_bad_input_leaves_no_error_pill_over_the_last_results(phone):
    open_view(phone, "translation")
    phone.fill("#translation-text textarea", "")
    phone.click("#translation-run")
    phone.wait_for_selector(".toast-body", state="visible")
    pills = phone.evaluate("""() => [...document.querySelectorAll('.wrap span.error')]
        .filter(e => e.offsetParent !== null).length""")
    assert pills == 0


def test_bold_text_has_its_own_full_font(phone):
    """Bold is drawn from Source Sans Pro's Bold file (Gradio's SemiBold file is a subset of a
    few glyphs, so bold text fell back to another font letter by letter)."""
    open_view(phone, "start")
    faces = phone.evaluate("""async () => { await document.fonts.ready;
        await document.fonts.load('700 16px "Source Sans Pro"');
        return [...document.fonts].filter(f => f.family.includes('Source Sans Pro'))
            .map(f => f.weight + ':' + f.status); }""")
    assert "700:loaded" in faces and not [f for f in faces if f.startswith("600")]
