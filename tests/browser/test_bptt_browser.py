"""The BPTT tab in a real browser (Debian's chromium through Playwright), served alone in a small
app on loopback: every section answers, controls recompute, bad input shows a message, and not one
request leaves the machine. Screenshots go to tests/screenshots/bptt-*.png."""
from __future__ import annotations


import pytest

from conftest import LOOPBACK, SHOTS, launch_on_loopback, open_page

pytest.importorskip("playwright.sync_api")



@pytest.fixture(scope="module")
def bptt_url():
    import gradio as gr
    import torch

    from explainer.ui.bptt import build_bptt_tab
    torch.set_num_threads(1)
    with gr.Blocks(title="BPTT", analytics_enabled=False) as demo:
        with gr.Tabs():
            with gr.Tab("BPTT", id="bptt", elem_id="tab-bptt"):
                build_bptt_tab()
    demo.queue()
    yield launch_on_loopback(demo)
    demo.close()




@pytest.fixture
def page(browser, bptt_url):
    context, page = open_page(browser, bptt_url, "#bptt-status")
    yield page
    context.close()


def test_gradient_flow_on_arrival_and_after_each_control(page):
    # the first answer is in the page on arrival: no request needed
    assert "trained Elman tagger" in page.inner_text("#bptt-status")
    page.wait_for_selector("#bptt-graph .js-plotly-plot")
    page.wait_for_selector("#bptt-norms .js-plotly-plot")
    page.screenshot(path=SHOTS / "bptt-flow.png", full_page=False)
    # why it vanishes: the Jacobians of the run, typeset, and their figure
    page.wait_for_selector("#bptt-why .katex")
    why = page.inner_text("#bptt-why")
    assert "no guarantee" in why and "Both fade within a few tokens" in why
    page.wait_for_selector("#bptt-jacobians .js-plotly-plot")
    page.locator("#bptt-why").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "bptt-why.png", full_page=False)

    page.fill("#bptt-text textarea, #bptt-text input", "Dogs that bark at night rarely bite .")
    page.click("#bptt-run")
    page.wait_for_selector("#bptt-status >> text=loss at token 8")

    # identity activation, radius 1.2: exploding, flagged as not the trained model
    page.locator("#bptt-activation label", has_text="identity").click()
    page.wait_for_selector("#bptt-status >> text=activation identity")
    page.check("#bptt-rescale input")
    page.wait_for_selector("#bptt-status >> text=rescaled to spectral radius 1")
    assert "Not the trained model" in page.inner_text("#bptt-status")

    # clipping shows the clipped norm, and which norm it is
    page.check("#bptt-clip-on input")
    page.wait_for_selector("#bptt-status >> text=clipping here")
    assert "clip_grad_norm_(model.parameters()" in page.inner_text("#bptt-status")

    # the untrained GRU says so
    page.locator("#bptt-cell label", has_text="GRU").click()
    page.wait_for_selector("#bptt-status >> text=untrained")
    page.locator("#bptt-graph").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "bptt-gru.png", full_page=False)
    assert page.hosts <= LOOPBACK, f"requests left the machine: {page.hosts - LOOPBACK}"


def test_hand_derivation_matches_autograd_and_follows_inputs(page):
    page.locator("#bptt-scalar").scroll_into_view_if_needed()
    page.wait_for_selector("#bptt-scalar .katex")
    assert "Hand-derived vs. autograd" in page.inner_text("#bptt-scalar")
    page.screenshot(path=SHOTS / "bptt-math.png", full_page=False)
    page.fill("#bptt-xs input, #bptt-xs textarea", "2, 1, -1, 0.5")
    page.press("#bptt-xs input, #bptt-xs textarea", "Enter")
    # KaTeX keeps each formula's source in its MathML annotation: a fourth path term appears
    page.wait_for_function("() => document.querySelector('#bptt-scalar').innerHTML"
                           ".includes('t=4:')")

    page.click("#bptt-vector-tab-button")
    page.wait_for_selector("#bptt-vector .katex", state="visible")
    assert "Spectral radius" in page.inner_text("#bptt-vector")
    page.locator("#bptt-vector").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "bptt-vector.png", full_page=False)

    # bad input: a message, not a traceback
    page.click("#bptt-scalar-tab-button")
    page.fill("#bptt-xs input, #bptt-xs textarea", "1, two, 3")
    page.press("#bptt-xs input, #bptt-xs textarea", "Enter")
    page.wait_for_selector("text=Input x_2 must be a number")
    assert "Traceback" not in page.content()
    assert page.hosts <= LOOPBACK


def test_truncation_cuts_and_live_training(page):
    page.locator("#bptt-cuts").scroll_into_view_if_needed()
    assert "no" in page.inner_text("#bptt-reach")            # k = 4 = D: nothing reaches
    page.wait_for_selector("#bptt-curves .legend")
    legend = page.eval_on_selector("#bptt-curves", "e => e.textContent")
    assert "k = 4" in legend and "full BPTT" in legend       # trained at start-up
    # k = 6: the cut figure follows, then a training run streams a third curve
    page.focus("#bptt-k input[type=range]")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#bptt-reach >> text=chunks of k = 6")
    page.click("#bptt-train")
    page.wait_for_selector("#bptt-train-status >> text=done", timeout=60_000)
    page.wait_for_function("() => document.querySelector('#bptt-curves').textContent"
                           ".includes('k = 6')")
    page.locator("#bptt-curves").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "bptt-truncation.png", full_page=False)
    page.click("#bptt-clear")
    page.wait_for_selector("#bptt-train-status >> text=Cleared")
    page.screenshot(path=SHOTS / "bptt-full.png", full_page=True)
    assert page.hosts <= LOOPBACK
