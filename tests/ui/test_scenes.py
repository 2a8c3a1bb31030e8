"""Scenes and deep links through the real app: every scene names a view, inputs and an element
that exist, its presets pass the checks a typed value passes, and a link's bad values fall back
to the defaults with a note instead of an error."""
from __future__ import annotations

import re
from types import SimpleNamespace

import gradio as gr
import pytest

from explainer.ui.links import Lecture, qr_html
from explainer.ui.scenes import EVENTS, PARAMS, SCENES, scene_index


@pytest.fixture(scope="module")
def lecture(demo):
    tabs = next(b for b in demo.blocks.values() if isinstance(b, gr.Tabs)
                and any(getattr(c, "id", None) == "start" for c in b.children))
    views = [c.id for c in tabs.children]
    return Lecture.of(demo, tabs, views)


def request(**query):
    return SimpleNamespace(query_params=query)


def values(lecture, answer) -> dict:
    """elem_id -> the value an answer sets (gr.update's value, or the value itself)."""
    out = {}
    for block, value in zip(lecture.targets, answer[3:]):
        if isinstance(value, dict) and value.get("__type__") == "update":
            if "value" in value:
                out[block.elem_id] = value["value"]
        else:
            out[block.elem_id] = value
    return out


def test_scenes_follow_the_deck_and_name_what_exists(lecture):
    assert 20 <= len(SCENES) <= 30
    assert len({s.name for s in SCENES}) == len(SCENES)
    order = [s.name for s in SCENES]
    # the deck's order: neurons before BPTT before paradigms before POS before LSTMs ...
    for earlier, later in (("conventional", "neuron-code"), ("neuron-code", "bptt"),
                           ("bptt", "one-to-one"), ("encoder-decoder", "i-is-a-teeth"),
                           ("i-is-a-teeth", "lstm"), ("lstm", "advantages"),
                           ("advantages", "attention"), ("attention", "summary")):
        assert order.index(earlier) < order.index(later)
    for scene in SCENES:
        assert scene.view in lecture.views, scene.name
        assert scene.figure.split()[0] in lecture.by_id, scene.name
        names = {p.name for p in PARAMS.get(scene.view, ())}
        assert set(scene.inputs) <= names, scene.name
        assert scene.look.endswith((".", "?", "!")) and len(scene.look) < 140, scene.name
    for view, events in EVENTS.items():
        assert view in lecture.views
        for p in PARAMS[view]:
            assert p.elem_id in lecture.by_id, p
        assert all(event.api_name in lecture.fns for event in events)


def test_scene_names_and_numbers():
    assert scene_index("1") == 0 and scene_index(str(len(SCENES))) == len(SCENES) - 1
    assert scene_index("bptt") == [s.name for s in SCENES].index("bptt")
    assert scene_index("0") is None and scene_index("999") is None and scene_index("x") is None


@pytest.mark.parametrize("index", range(len(SCENES)))
def test_every_scene_applies_without_a_note(lecture, index):
    answer = lecture.scene(index)
    bar = answer[1]
    assert "rnn-link-note" not in bar, bar
    assert f"<b>{index + 1} / {len(SCENES)}</b>" in bar and answer[2] == index
    assert answer[0]["selected"] == SCENES[index].view


def test_a_link_sets_the_inputs_and_the_computed_result(lecture):
    answer = lecture.from_request(request(view="translation", text="She has a red car.",
                                          decoding="beam"))
    assert answer[0]["selected"] == "translation"
    got = values(lecture, answer)
    assert got["translation-text"] == "She has a red car." and got["translation-beam"] == 5
    assert "beam" in got["translation-result"] and "rouge" in got["translation-result"]
    assert 'data-query="view=translation&amp;text=She+has+a+red+car.&amp;decoding=beam"' in answer[1]


def test_bad_values_fall_back_to_the_defaults_with_a_note(lecture):
    answer = lecture.from_request(request(view="bptt", radius="99", cell="<b>x</b>",
                                          rescale="maybe", bogus="1"))
    notes = re.findall(r'class="rnn-link-note"[^>]*>(.*?)</p>', answer[1])
    assert len(notes) == 4 and "&lt;b&gt;" in answer[1] and "<b>x" not in answer[1]
    got = values(lecture, answer)
    assert got == {} or got.get("bptt-radius", 1.0) == 1.0
    # a value every check passes but the handler refuses: the defaults, computed, and a note
    answer = lecture.from_request(request(view="pos", text=" "))
    assert "defaults are shown" in answer[1]
    assert values(lecture, answer)["pos-text"] != " "
    # no such view, no such scene: a note, nothing else changes
    for query in ({"view": "nope"}, {"scene": "99"}):
        answer = lecture.from_request(request(**query))
        assert "rnn-link-note" in answer[1] and answer[0] == gr.skip()
    # no query at all: nothing to do
    assert all(v == gr.skip() for v in lecture.from_request(request()))


def test_qr_code_is_segno_svg_and_only_for_links():
    svg = qr_html("http://127.0.0.1:7860/?scene=5")
    assert svg.count("<svg") == 1 and "http://127.0.0.1:7860/?scene=5" in svg
    for bad in ("javascript:alert(1)", "x" * 3000, None, "http://" + "a" * 2001):
        with pytest.raises(Exception):
            qr_html(bad)


def test_the_bptt_scenes_say_what_their_runs_show():
    """'shrinks as it goes back' (trained Elman) and 'grows' (radius 3, identity), measured on
    the BPTT view's own sentence from its last token back to its first."""
    import numpy as np
    from explainer.ui.inputs import read_sentence
    from explainer.explain.bptt import explain_gradient_flow
    from explainer.ui.bptt import START_SENTENCE
    from explainer.ui.scenes import SCENES
    scenes = {scene.name: scene for scene in SCENES}
    tokens, _ = read_sentence(START_SENTENCE)
    last = len(tokens) - 1
    assert "shrinks as it goes back" in scenes["bptt"].look
    plain = explain_gradient_flow(tokens, "elman", last)
    assert plain.hidden_grad[0] < plain.hidden_grad[last] / 100
    scene = scenes["bptt-exploding"]
    assert "grows as it goes back" in scene.look and scene.inputs["activation"] == "identity"
    grown = explain_gradient_flow(tokens, "elman", last, scene.inputs["radius"], "identity")
    assert np.isfinite(grown.hidden_grad[0]) or not grown.finite
    assert not grown.finite or grown.hidden_grad[0] > grown.hidden_grad[last] * 100
