"""The animation player: its HTML and payload, then the demo in a real browser (Debian's chromium),
where it must play, step, scrub and re-initialise without asking the server for anything."""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import gradio as gr
import numpy as np
import pytest
import torch

from conftest import LOOPBACK, ROOT, SHOTS, launch_on_loopback, valid_figure
from player_demo import build_player_demo, demo_figure, lstm_demo_steps
from explainer.figures.plain import figure_json
from explainer.figures.theme import TEMPLATE_DICT
from explainer.ui.player import (GRADIO_ASSETS, HEAD, PLOTLY_CHUNK, STATIC, STATIC_URL, Player,
                                 figure_payload, payload_json, payload_size, player_html)


def animated(values: np.ndarray, **frame_kwargs) -> dict:
    """A bar chart with one frame per row of `values`, as a plain-dict figure."""
    return {"data": [{"type": "bar", "y": values[0]}], "layout": {},
            "frames": [{"data": [{"type": "bar", "y": row}], **frame_kwargs} for row in values]}


# ---- payload and HTML ------------------------------------------------------------------------

def test_payload_has_every_frame_as_float32_typed_arrays_and_the_house_template():
    fig = animated(np.random.default_rng(0).random((5, 50)))   # float64, no template
    payload = figure_payload(fig)
    assert len(payload["frames"]) == 5
    assert [f["name"] for f in payload["frames"]] == [f"frame {i}" for i in range(1, 6)]
    assert payload["frames"][2]["data"][0]["y"]["dtype"] == "f4"
    assert payload["layout"]["template"] == TEMPLATE_DICT
    assert payload["layout"]["autosize"] is True and "width" not in payload["layout"]
    # float32 halves the arrays; the figure itself is left as it was
    exact = json.loads(figure_json(fig))["frames"][2]["data"][0]["y"]["bdata"]
    assert len(payload["frames"][2]["data"][0]["y"]["bdata"]) < 0.51 * len(exact)
    assert isinstance(fig["frames"][2]["data"][0]["y"], np.ndarray)
    assert "name" not in fig["frames"][2]


def test_payload_values_survive_the_float32_round_trip():
    values = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    spec = figure_payload(animated(values))["frames"][1]["data"][0]["y"]
    decoded = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.float32)
    np.testing.assert_array_equal(decoded, values[1])
    gaps = {"data": [{"type": "scatter", "y": [1, float("nan")]}],
            "frames": [{"data": [{"type": "scatter", "y": [2, 3]}]}]}
    assert json.loads(payload_json(gaps))["data"][0]["y"] == [1, None]   # JSON.parse has no NaN


def test_plotly_play_buttons_are_replaced_by_the_player():
    fig = animated(np.ones((2, 3)))
    fig["layout"]["updatemenus"] = [
        dict(type="buttons", buttons=[dict(label="Play", method="animate", args=[None])]),
        dict(buttons=[dict(label="log", method="relayout", args=[{"yaxis.type": "log"}])])]
    menus = figure_payload(fig)["layout"]["updatemenus"]
    assert [m["buttons"][0]["label"] for m in menus] == ["log"]


def test_a_figure_without_frames_or_with_twin_names_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match='no frames to play.*"frames"'):
        figure_payload({"data": [{"type": "bar", "y": [1, 2]}], "layout": {}})
    with pytest.raises(ValueError, match="Frames 1 and 2 are both named 'same'"):
        figure_payload(animated(np.ones((2, 3)), name="same"))


def test_caption_and_labels_are_escaped_and_the_json_reads_back():
    fig = animated(np.ones((2, 3)))
    fig["layout"]["title"] = {"text": "<b>h</b> & c"}
    page = player_html(fig, 'p"1', caption="<script>alert(1)</script> & more")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert 'data-player="p&quot;1"' in page and 'data-frames="2"' in page
    data = re.search(r'<div class="rnn-player-data" hidden>(.*)</div></div>$', page).group(1)
    assert "<" not in data and "&" not in data
    assert json.loads(data) == json.loads(payload_json(fig)) == figure_payload(fig)
    assert json.loads(data)["layout"]["title"]["text"] == "<b>h</b> & c"
    assert payload_size(fig) == len(data.encode())


def test_player_makes_its_component_and_the_html_its_handlers_return():
    fig = demo_figure(3, 0)
    player = Player("p", caption="c")
    out = player.html(fig)
    assert out.startswith('<div class="rnn-player" data-player="p"') and 'data-frames="3"' in out
    assert "<p class=\"rnn-player-caption\">new</p>" in player.html(fig, caption="new")
    component = player.component(fig, render=False)
    assert component.value == out and component.elem_id == "p"
    assert component.head == HEAD and "RnnPlayer.mount(element, plotly)" in component.js_on_load
    assert f'const plotly = "{PLOTLY_CHUNK}"' in component.js_on_load
    assert player.component(render=False).value == ""


def test_the_head_names_the_players_files_by_a_relative_url_and_no_server_path():
    urls = re.findall(r'(?:src|href)="([^"]+)"', HEAD)
    assert urls == [f"{STATIC_URL}/player.js", f"{STATIC_URL}/player.css"]
    assert all((STATIC / url.split("/")[-1]).is_file() for url in urls)
    # the plotly.js gr.Plot loads: one chunk of Gradio's frontend, which sets window.Plotly
    assert "window.Plotly=" in (GRADIO_ASSETS / PLOTLY_CHUNK).read_text(encoding="utf-8")


def test_demo_runs_an_untrained_lstm_and_says_so():
    record = lstm_demo_steps(5, seed=0)
    assert record.hidden.shape == (5, 8)
    torch.testing.assert_close(record.hidden, record.output_gate * torch.tanh(record.cell))
    fig = valid_figure(demo_figure(5, 0))
    assert len(fig["frames"]) == 5 and "UNTRAINED" in fig["layout"]["title"]["text"]
    assert payload_size(fig) < 15_000
    with pytest.raises(gr.Error, match="steps must be from 2 to 12; you chose 40"):
        demo_figure(40, 0)


# ---- in the browser ------------------------------------------------------------------------

FRAME = "#{} .rnn-player"


@pytest.fixture(scope="module")
def demo_url():
    demo = build_player_demo()
    yield launch_on_loopback(demo)
    demo.close()


def served_paths(url: str) -> list[str]:
    """Folders of this machine that a request URL must never name."""
    import plotly
    return [part for part in (str(ROOT), str(Path(plotly.__file__).parents[1]), "site-packages",
                              "/root/", "/work/", "/home/") if part in unquote(url)]


def open_page(browser, url, **context_args):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **context_args)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(url)
    page.wait_for_selector(FRAME.format("player-a") + "[data-ready=true]")
    return context, page


def frame(page, player="player-a") -> int:
    return int(page.get_attribute(FRAME.format(player), "data-frame"))


def wait_frame(page, player, condition: str):
    page.wait_for_function(f"() => {{ const f = Number(document.querySelector("
                           f"'{FRAME.format(player)}').dataset.frame); return {condition}; }}")


def test_plays_steps_and_scrubs_in_the_browser_without_the_server(browser, demo_url):
    context, page = open_page(browser, demo_url)
    plot = page.locator("#player-a .rnn-player-plot")
    page.wait_for_timeout(300)
    still = plot.screenshot()
    page.screenshot(path=SHOTS / "player.png", full_page=True)
    after_load = len(page.requests)

    page.click("#player-a [data-act=play]")                    # play: the picture changes
    wait_frame(page, "player-a", "f >= 2")
    assert page.get_attribute(FRAME.format("player-a"), "data-playing") == "true"
    assert plot.screenshot() != still
    page.screenshot(path=SHOTS / "player-playing.png")

    page.keyboard.press("Space")                               # space pauses (focus: play button)
    playing_frame = frame(page)
    assert page.get_attribute(FRAME.format("player-a"), "data-playing") == "false"
    page.wait_for_timeout(1000)
    assert frame(page) == playing_frame

    page.click("#player-a [data-act=back]")                    # buttons step
    page.keyboard.press("Home")
    assert frame(page) == 0
    page.keyboard.press("ArrowRight")                          # → one frame, ← back
    assert frame(page) == 1
    assert "step 2" in page.inner_text("#player-a .rnn-player-label")
    page.keyboard.press("ArrowLeft")
    assert frame(page) == 0
    page.keyboard.press("ArrowLeft")                           # clamped at the first frame
    assert frame(page) == 0

    box = page.locator("#player-a .rnn-player-scrub").bounding_box()   # the scrubber jumps
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
    assert frame(page) == 5
    page.keyboard.press("ArrowLeft")                           # keys still work on the scrubber
    assert frame(page) == 4

    page.click("#player-a [data-speed='2']")
    assert page.get_attribute(FRAME.format("player-a"), "data-speed") == "2"
    page.evaluate("document.activeElement.blur()")             # nothing focused: keys go to the
    page.keyboard.press("Space")                               # player in view
    wait_frame(page, "player-a", "f !== 4")
    page.keyboard.press("Space")
    assert page.get_attribute(FRAME.format("player-a"), "data-playing") == "false"

    paused = frame(page)                                       # typing in a box is left alone
    page.focus("#demo-seed input")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert frame(page) == paused

    assert page.requests[after_load:] == [], "playing asked the server for something"
    assert {urlparse(u).hostname for u in page.requests} <= LOOPBACK
    context.close()


def test_without_a_gr_plot_the_player_loads_gradios_plotly_once_by_urls_naming_no_path(
        browser, demo_url):
    context, page = open_page(browser, demo_url)
    page.click("#tab-second-button")
    page.wait_for_selector(FRAME.format("player-b") + "[data-ready=true]")
    plotly_files = [u for u in page.requests if "plotly" in urlparse(u).path.lower()]
    assert [urlparse(u).path for u in plotly_files] == [f"/assets/{PLOTLY_CHUNK}"]
    assert page.evaluate("typeof window.Plotly.animate") == "function"
    assert {u: served_paths(u) for u in page.requests if served_paths(u)} == {}
    assert any(u.endswith(f"/{STATIC_URL}/player.js") for u in page.requests)
    context.close()


def test_a_player_in_a_hidden_tab_draws_at_full_width_when_the_tab_opens(browser, demo_url):
    context, page = open_page(browser, demo_url)
    assert page.locator("#player-b .rnn-player[data-ready=true]").count() == 0
    page.click("#tab-second-button")
    page.wait_for_selector(FRAME.format("player-b") + "[data-ready=true]")
    host = page.locator("#player-b .rnn-player-plot").bounding_box()
    svg_width = float(page.get_attribute("#player-b .main-svg", "width"))
    assert svg_width > 0.95 * host["width"] > 1000
    page.click("#player-b [data-act=play]")                    # no loop: plays once and stops
    page.wait_for_selector(FRAME.format("player-b") + "[data-playing=false][data-frame='3']")
    page.locator("#player-b").screenshot(path=SHOTS / "player-second-tab.png")

    page.click("#player-b [data-act=play]")                    # hidden while playing: it pauses,
    page.click("#tab-about-button")                            # and a window resized meanwhile
    page.wait_for_selector(FRAME.format("player-b") + "[data-playing=false]", state="attached")
    page.set_viewport_size({"width": 1000, "height": 900})     # is caught up on when shown again
    page.click("#tab-second-button")
    page.wait_for_function("() => { const host = document.querySelector('#player-b .rnn-player-plot');"
                           " const svg = host.querySelector('.main-svg');"
                           " return Math.abs(svg.getBoundingClientRect().width - host.clientWidth) < 2; }")
    assert page.locator("#player-b .rnn-player-plot").bounding_box()["width"] < 1000
    assert page.evaluate("window.RnnPlayer.players.size") == 2
    assert {urlparse(u).hostname for u in page.requests} <= LOOPBACK
    context.close()


def test_a_new_figure_from_the_server_reinitialises_the_player(browser, demo_url):
    context, page = open_page(browser, demo_url)
    page.click("#player-a [data-speed='0.5']")
    page.keyboard.press("ArrowRight")
    page.fill("#demo-steps input[type=number]", "9")
    page.press("#demo-steps input[type=number]", "Enter")
    page.click("#demo-redraw")
    page.wait_for_selector(FRAME.format("player-a") + "[data-frames='9'][data-ready=true]")
    assert frame(page) == 0 and page.locator("#player-a .rnn-player-gd").count() == 1
    assert page.get_attribute(FRAME.format("player-a"), "data-speed") == "0.5"  # kept
    page.locator("#player-a .rnn-player").focus()
    page.keyboard.press("End")
    assert "step 9" in page.inner_text("#player-a .rnn-player-label")
    page.keyboard.press("ArrowLeft")                           # exactly one player listens
    assert frame(page) == 7
    assert {urlparse(u).hostname for u in page.requests} <= LOOPBACK
    context.close()


def test_the_player_follows_dark_mode(browser, demo_url):
    context, page = open_page(browser, demo_url + "?__theme=dark", color_scheme="dark")
    fill = page.eval_on_selector("#player-a .ytick text", "t => getComputedStyle(t).fill")
    red, green, blue = (int(v) for v in fill[fill.index("(") + 1:-1].split(",")[:3])
    assert min(red, green, blue) > 150, f"axis text is {fill} on a dark page"
    cell = page.eval_on_selector("#player-a .heatmap-label text", "t => getComputedStyle(t).fill")
    assert max(int(v) for v in cell[cell.index("(") + 1:-1].split(",")[:3]) < 100, \
        f"a number on a light heatmap cell is {cell}: Plotly's contrast colour was overridden"
    label = page.eval_on_selector("#player-a .rnn-player-label", "e => getComputedStyle(e).color")
    assert min(int(v) for v in label[label.index("(") + 1:-1].split(",")[:3]) > 150
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / "player-dark.png", full_page=True)
    context.close()


def test_an_empty_player_shows_nothing_until_a_figure_arrives(browser):
    with gr.Blocks() as blocks:
        empty = Player("empty")
        player = empty.component()
        gr.Button("draw", elem_id="draw").click(lambda: empty.html(demo_figure(3, 0)), None, player)
    url = launch_on_loopback(blocks)        # launch_kwargs: the route that serves static/
    try:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#draw")
        assert page.inner_text("#empty").strip() == ""
        page.click("#draw")
        page.wait_for_selector(FRAME.format("empty") + "[data-ready=true][data-frames='3']")
        page.close()
    finally:
        blocks.close()
