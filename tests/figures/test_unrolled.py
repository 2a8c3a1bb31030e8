"""The rolled ⇄ unrolled animation: the graph, its two layouts, frames that carry the trained
tagger's own numbers, a small payload for 40 tokens, and the figure playing in chromium."""
from __future__ import annotations

import base64
import dataclasses
import html
import re

import numpy as np
import pytest
from conftest import valid_figure

from explainer.data.tokenizer import tokenize
from explainer.explain.pos import explain_tagging
from explainer.figures.graphs import paradigm_graph, rolled_graph
from explainer.figures.unrolled import (ACTIVE_RINGS, ACTIVE_SQUARES, FAINT_NODES, LABELS,
                                        MAX_TOKENS, MORPH_BARS, MORPH_EDGES, SEEN_NODES,
                                        SEEN_SQUARES, Geometry, layout_positions,
                                        morph_frame_count, shown_units, unrolled_figure)
from explainer.ui.player import figure_payload, payload_size, player_html

SENTENCE = "The cats sat on the warm mat because the sun was out ."


def trace_of(tokens: list[str], model: str = "slide"):
    return explain_tagging.on_cpu(tokens, model)


@pytest.fixture(scope="module")
def trace():
    return trace_of(tokenize(SENTENCE))                      # 13 tokens, LSTM


@pytest.fixture(scope="module")
def fig(trace):
    return valid_figure(unrolled_figure(trace))


def plain(text: str) -> str:
    """Tick text without its markup."""
    return re.sub(r"<[^>]+>", "", text.replace("<br>", " "))


# ---- the graph and its layouts ---------------------------------------------------------------

@pytest.mark.parametrize("steps", [1, 2, 40])
def test_graph_has_x_h_y_per_step_and_the_three_weights(steps):
    graph = paradigm_graph("many-to-many", steps)          # the synced paradigm's graph
    assert graph.number_of_nodes() == 3 * steps and graph.number_of_edges() == 3 * steps - 1
    matrices = [m for _, _, m in graph.edges(data="matrix")]
    assert matrices.count("W_x") == matrices.count("W_y") == steps
    assert sorted((a[1], b[1]) for a, b, m in graph.edges(data="matrix") if m == "W_h") == \
        [(t - 1, t) for t in range(1, steps)]
    rolled = rolled_graph("many-to-many")
    assert rolled.number_of_nodes() == 3 and rolled.has_edge(("h", 0), ("h", 0))
    assert rolled.edges[("h", 0), ("h", 0)]["matrix"] == "W_h"


def test_rolled_layout_stacks_one_cell_and_unrolled_gives_each_step_a_column():
    graph, g = paradigm_graph("many-to-many", 5), Geometry.for_steps(5, 16)
    rolled, unrolled = layout_positions(graph, g, 0.0), layout_positions(graph, g, 1.0)
    for kind in "xhy":
        assert len({rolled[(kind, t)] for t in range(5)}) == 1       # all steps on one cell
        assert [unrolled[(kind, t)][0] for t in range(5)] == [0, 1, 2, 3, 4]
    assert rolled[("x", 0)][1] < rolled[("h", 0)][1] < rolled[("y", 0)][1]   # x below h below y
    assert rolled[("h", 3)][1] == unrolled[("h", 3)][1]


# ---- frames ----------------------------------------------------------------------------------

def test_frames_morph_then_walk_every_token_with_unique_names(trace, fig):
    T, morph = len(trace.tokens), morph_frame_count(4)
    names = [frame["name"] for frame in fig["frames"]]
    assert len(names) == morph + T == 6 + 13 and len(set(names)) == len(names)
    assert names[:morph] == ["rolled", "unrolling 1/4", "unrolling 2/4", "unrolling 3/4",
                             "unrolling 4/4", "unrolled"]
    assert names[morph:] == [f"{t + 1} {token}" for t, token in enumerate(trace.tokens)]
    assert len(unrolled_figure(trace, morph_steps=2)["frames"]) == morph_frame_count(2) + T == 4 + T


def test_morph_moves_the_columns_from_the_rolled_cell_to_their_steps(trace, fig):
    T = len(trace.tokens)
    columns = [np.asarray(fig["frames"][k]["data"][MORPH_BARS]["x"])
               for k in range(morph_frame_count(4))]
    np.testing.assert_allclose(columns[0], (T - 1) / 2)                    # rolled: one column
    np.testing.assert_allclose(columns[-1], np.arange(T))                  # unrolled: one per step
    spread = [np.ptp(c) for c in columns]
    assert spread == sorted(spread) and len(set(spread)) == len(spread)    # opening up step by step
    # the rolled cell has its self-loop: a curve of many points, beyond the two straight arrows
    assert np.isfinite(np.asarray(fig["frames"][0]["data"][MORPH_EDGES]["x"], float)).sum() > 20
    data = fig["data"]
    assert data[MORPH_BARS].get("visible") is not False and data[SEEN_SQUARES]["visible"] is False


@pytest.mark.parametrize("t", [0, 2, 12])
def test_walk_frame_lights_step_t_with_the_taggers_own_hidden_state(trace, fig, t):
    units = shown_units(trace, 16)
    frame = fig["frames"][morph_frame_count(4) + t]
    active = frame["data"][ACTIVE_SQUARES]
    assert set(np.asarray(active["x"]).tolist()) == {t}                  # h_t's column, lit
    np.testing.assert_array_equal(np.asarray(active["marker"]["color"]), trace.hidden[t, units])
    rings = frame["data"][ACTIVE_RINGS]
    assert list(rings["x"]) == [t, t]                                     # x_t and y_t ringed
    # h_1 .. h_t are drawn with their values (a prefix of the seen squares), later ones blank
    seen = np.asarray(frame["data"][SEEN_SQUARES]["x"])
    assert len(seen) == 16 * (t + 1) and seen.max() == t
    colors = np.asarray(fig["data"][SEEN_SQUARES]["marker"]["color"])[: len(seen)]
    np.testing.assert_array_equal(colors, trace.hidden[: t + 1, units].ravel())
    assert len(frame["data"][SEEN_NODES]["x"]) == 2 * (t + 1)
    assert frame["data"][FAINT_NODES]["visible"] is True
    assert frame["data"][MORPH_BARS]["visible"] is False
    subtitle = frame["layout"]["title"]["subtitle"]["text"]
    assert f"“{trace.tokens[t]}”" in subtitle and trace.predicted[t] in subtitle


def test_y_labels_are_the_predicted_tags_revealed_step_by_step(trace, fig):
    layout = fig["layout"]
    tags = [plain(text) for text in layout["xaxis2"]["ticktext"]]
    assert [tag.split()[0] for tag in tags] == list(trace.predicted)
    probs = trace.probs.max(axis=1)
    assert all(tag.endswith(f"{p:.0%}") for tag, p in zip(tags, probs))
    morph = morph_frame_count(4)
    assert fig["frames"][0]["layout"]["xaxis2"]["showticklabels"] is False
    for t in (0, 5, 12):
        assert list(fig["frames"][morph + t]["layout"]["xaxis2"]["tickvals"]) == list(range(t + 1))
    assert [plain(text) for text in layout["xaxis"]["ticktext"]] == list(trace.tokens)


def test_titles_name_the_cell_and_the_tagger(fig):
    elman = valid_figure(unrolled_figure(trace_of(tokenize("Dogs bark ."), "elman")))
    title = elman["layout"]["title"]["text"]
    assert "Elman RNN" in title and "elman" in title
    assert "tanh" in elman["frames"][0]["layout"]["title"]["subtitle"]["text"]
    title = fig["layout"]["title"]["text"]
    assert "LSTM" in title and "“slide”" in title
    assert "c<sub>t</sub> is in the gates view" in title


def test_a_plain_dict_figure_that_plotly_validates_frames_and_all(fig):
    assert all(t["type"] == "scatter" for t in fig["data"])
    assert all(t["type"] == "scatter" for frame in fig["frames"] for t in frame["data"])
    # plotly.js knows no "RdBu_r": the scale goes as [position, colour] pairs
    assert all(isinstance(fig["data"][i]["marker"]["colorscale"], list)
               for i in (SEEN_SQUARES, ACTIVE_SQUARES))
    # valid_figure checks the frames too: a misspelt property in one fails
    broken = {**fig, "frames": [{**fig["frames"][0], "layout": {"xaxis2": {"tickval": []}}}]}
    with pytest.raises(ValueError, match="tickval"):
        valid_figure(broken)


@pytest.mark.parametrize("tokens", [["Hello"], ["a", "<b>", "&"]])
def test_one_token_and_tokens_that_look_like_html(tokens):
    trace = trace_of(tokens)
    fig = valid_figure(unrolled_figure(trace))
    assert len(fig["frames"]) == morph_frame_count(4) + len(tokens)
    assert fig["frames"][0]["data"][LABELS]["text"]          # the rolled cell is labelled
    ticktext = fig["layout"]["xaxis"]["ticktext"]
    assert "<b>" not in "".join(ticktext)                    # shown literally, not as bold
    assert [html.unescape(plain(t)) for t in ticktext] == tokens


def test_forty_tokens_stay_under_300_kb_as_float32(trace):
    long = trace_of((tokenize(SENTENCE) * 4)[:40], "elman")
    fig = unrolled_figure(long)
    assert len(fig["frames"]) == morph_frame_count(4) + 40
    assert payload_size(fig) < 300_000
    spec = figure_payload(fig)["frames"][morph_frame_count(4) + 7]["data"][ACTIVE_SQUARES]
    assert spec["marker"]["color"]["dtype"] == "f4"
    colors = np.frombuffer(base64.b64decode(spec["marker"]["color"]["bdata"]), np.float32)
    np.testing.assert_array_equal(colors, long.hidden[7, shown_units(long)])


def test_too_many_or_no_tokens_say_what_to_do(trace):
    with pytest.raises(ValueError, match=f"1 to {MAX_TOKENS} tokens.*has 0"):
        unrolled_figure(dataclasses.replace(trace, tokens=()))
    with pytest.raises(ValueError, match="Shorten it"):
        unrolled_figure(trace_of(["word"] * (MAX_TOKENS + 1)))


# ---- in a real browser -----------------------------------------------------------------------



def test_the_player_unrolls_and_walks_in_chromium(browser, trace, fig, tmp_path):
    from pathlib import Path

    import plotly

    from explainer.ui.player import STATIC
    # a file:// page cannot import Gradio's plotly.js chunk (an ES module): plotly's own copy
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    page_file = tmp_path / "unrolled.html"
    page_file.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><script src="{plotly_js.as_uri()}">'
        f'</script><script src="{(STATIC / "player.js").as_uri()}"></script></head><body>'
        f'<div id="host">{player_html(fig, "unrolled")}</div>'
        '<script>RnnPlayer.mount(document.getElementById("host"))</script></body></html>')
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(page_file.as_uri())
    page.wait_for_selector(".rnn-player[data-ready=true]")
    morph = morph_frame_count(4)

    def shown(index: int) -> dict:
        page.evaluate(f"RnnPlayer.players.values().next().value.show({index})")
        page.wait_for_function(f"document.querySelector('.rnn-player').dataset.frame == '{index}'")
        return page.evaluate(f"""() => {{
            const gd = document.querySelector('.rnn-player-gd');
            const full = gd._fullData;
            return {{seen: full[{SEEN_SQUARES}].visible ? full[{SEEN_SQUARES}]._length : 0,
                     bars: full[{MORPH_BARS}].visible ? full[{MORPH_BARS}]._length : 0,
                     tags: [...gd.querySelectorAll('.x2tick text')].map(e => e.textContent),
                     name: document.querySelector('.rnn-player-name').textContent}}; }}""")

    walk = shown(morph + 2)
    assert walk["name"] == f"3 {trace.tokens[2]}" and walk["seen"] == 3 * 16
    assert len(walk["tags"]) == 3                            # the tags so far, "NOUN" + "100%"
    assert all(text.startswith(tag) for text, tag in zip(walk["tags"], trace.predicted))
    rolled = shown(0)                                        # back from the walk: all reset
    assert rolled["name"] == "rolled" and rolled["seen"] == 0
    assert rolled["bars"] == len(trace.tokens)
    assert rolled["tags"] == []
    assert shown(len(fig["frames"]) - 1)["seen"] == 16 * len(trace.tokens)
    assert errors == []
    page.close()


def test_the_bias_is_not_named_c_where_c_t_is_the_cell():
    from explainer.figures.unrolled import unrolled_figure
    from explainer.explain.pos import explain_tagging
    for model in ("elman", "slide"):
        figure = unrolled_figure(explain_tagging(["Cats", "sleep", "."], model))
        first = figure["frames"][0]["layout"]["title"]["subtitle"]["text"]
        assert "+ b<sub>y</sub>)" in first and "+ c)" not in first
