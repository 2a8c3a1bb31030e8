"""Deep links through the real app: every input a person can set in a view is a link parameter
or excluded with a reason; a link with a view's parameters sets them all and computes what a
click would; values the view refuses fall back to the defaults with a note; on Spaces the page
learns the Hub's origin and the Space's id."""
from __future__ import annotations

import fnmatch
import re
from types import SimpleNamespace

import gradio as gr
import pytest

from explainer.ui.link_state import Lecture, bar_html, hub
from explainer.ui.links import rival_buttons
from explainer.ui.scenes import EVENTS, EXCLUDED, EXCLUDED_KINDS, PARAMS, param

NOT_INPUTS = (gr.State, gr.Button)       # a button runs an event; a state is the session's


@pytest.fixture(scope="module")
def lecture(demo):
    tabs = next(b for b in demo.blocks.values() if isinstance(b, gr.Tabs)
                and any(getattr(c, "id", None) == "start" for c in b.children))
    return Lecture.of(demo, tabs, [c.id for c in tabs.children])


def request(**query):
    return SimpleNamespace(query_params=query)


def inside(block) -> list:
    out = []
    for child in getattr(block, "children", None) or []:
        out += [child, *inside(child)]
    return out


def view_inputs(demo, lecture) -> dict[str, list]:
    """view -> every component inside its tab that some event reads and a person can set."""
    read = {block._id for fn in demo.fns.values() for block in fn.inputs}
    return {view: [b for b in inside(lecture.by_id[f"tab-{view}"]) if b._id in read
                   and not isinstance(b, NOT_INPUTS) and getattr(b, "interactive", None) is not False]
            for view in lecture.views}


def excluded(block) -> str | None:
    if type(block).__name__ in EXCLUDED_KINDS:
        return EXCLUDED_KINDS[type(block).__name__]
    return next((why for pattern, why in EXCLUDED.items()
                 if block.elem_id and fnmatch.fnmatchcase(block.elem_id, pattern)), None)


def test_every_input_of_every_view_is_a_parameter_or_excluded_with_a_reason(demo, lecture):
    """Fails when a view gains an input that a link cannot set and nobody said why."""
    inputs = view_inputs(demo, lecture)
    missing, used_exclusions = [], set()
    for view, blocks in inputs.items():
        ids = {p.elem_id for p in PARAMS.get(view, ())}
        for block in blocks:
            if block.elem_id in ids:
                continue
            why = excluded(block)
            if why is None:
                missing.append(f"{view}: {type(block).__name__} {block.elem_id!r} "
                               f"({getattr(block, 'label', '')!r})")
            else:
                used_exclusions.add(why)
    assert not missing, ("inputs neither in scenes.PARAMS nor in scenes.EXCLUDED (give each an "
                         "elem_id and a parameter, or a reason):\n" + "\n".join(missing))
    # no stale exclusion, every parameter inside its own view
    assert set(EXCLUDED.values()) | set(EXCLUDED_KINDS.values()) == used_exclusions
    for view, params in PARAMS.items():
        tab = {b._id for b in inside(lecture.by_id[f"tab-{view}"])}
        for p in params:
            assert lecture.by_id[p.elem_id]._id in tab, (view, p)
    assert sum(len(v) for v in inputs.values()) >= 60     # the walk found the views' inputs


def test_every_parameter_runs_an_event_that_reads_it(lecture):
    for view, params in PARAMS.items():
        names = {p.name for p in params}
        assert len(names) == len(params), view
        for event in EVENTS[view]:
            fn = lecture.fns[event.api_name]
            assert set(event.by) <= names, event
            for name in event.by:
                p = param(view, name)
                assert any(b.elem_id == p.elem_id for b in fn.inputs) or not p.after, (event, p)
        for p in params:
            if isinstance(lecture.by_id[p.elem_id], gr.Tabs):
                continue
            events = [e for e in EVENTS[view] if p.name in e.by]
            assert events, p
            assert any(any(b.elem_id == p.elem_id for b in lecture.fns[e.api_name].inputs)
                       for e in events), p


def answer_of(lecture, answer) -> dict:
    """elem_id -> what an answer sets (a gr.update dict, or the value)."""
    return {block.elem_id: value for block, value in zip(lecture.targets, answer[3:])
            if value != gr.skip() and block.elem_id}


def value(update):
    return update["value"] if isinstance(update, dict) and "value" in update else update


def notes(answer) -> list[str]:
    return re.findall(r'class="rnn-link-note"[^>]*>(.*?)</p>', answer[1])


def test_bptt_link_sets_every_section_and_the_loss_token_after_the_sentence(lecture):
    answer = lecture.from_request(request(
        view="bptt", text="The dog barks loudly .", cell="lstm", loss_token="2", T="5",
        phi="tanh", xs="1, 2", delay="3", k="2", vector_radius="1.5", vector_rescale="true"))
    assert notes(answer) == []
    got = answer_of(lecture, answer)
    assert got["bptt-loss-token"]["value"] == 2 and got["bptt-loss-token"]["maximum"] == 5
    assert "loss at token 2 “dog”" in value(got["bptt-status"])
    assert value(got["bptt-steps"]) == 5 and value(got["bptt-vec-radius"]) == 1.5
    assert value(got["bptt-scalar-act"]) == "tanh" and value(got["bptt-xs"]) == "1, 2"
    assert value(got["bptt-delay"]) == 3 and value(got["bptt-k"]) == 2
    assert {"bptt-cuts", "bptt-scalar-forward", "bptt-vector-backward"} <= set(got)
    assert got["bptt-math-tabs"]["selected"] == "bptt-vector"    # T is drawn in the vector's tab
    assert "loss_token=2" in answer[1] and "vector_rescale=true" in answer[1]


def test_gates_and_pos_links_pick_a_token_of_their_own_sentence(lecture):
    answer = lecture.from_request(request(view="gates", text="The cat sat.", lstm="best:0:1",
                                          token="3", unit="7"))
    assert notes(answer) == []
    got = answer_of(lecture, answer)
    assert got["gates-token"]["value"] == 3 and got["gates-token"]["maximum"] == 4
    assert got["gates-unit"]["value"] == 7 and "gates-cell" in got and "gates-heatmaps" in got
    assert "4 tokens · 256 units" in value(got["gates-status"])
    answer = lecture.from_request(request(view="pos", text="I is a teeth", tagger="elman",
                                          word="4"))
    assert notes(answer) == []
    got = answer_of(lecture, answer)
    assert got["pos-token"]["value"] == 3 and len(got["pos-token"]["choices"]) == 4
    assert "teeth" in value(got["pos-steps"]) and "elman" in value(got["pos-status"])
    # a token past the sentence's end: its default, with a note; the sentence stays
    answer = lecture.from_request(request(view="pos", text="I is a teeth", word="9"))
    assert len(notes(answer)) == 1 and "word" in notes(answer)[0]
    got = answer_of(lecture, answer)
    assert value(got["pos-text"]) == "I is a teeth" and value(got["pos-token"]) == 0
    answer = lecture.from_request(request(view="gates", text="The cat sat.", token="1.5"))
    assert len(notes(answer)) == 1 and "token=" not in answer[1]


def test_translation_link_runs_the_what_ifs(lecture):
    answer = lecture.from_request(request(view="translation", text="She has a red car.",
                                          force_step="2", force_word="1"))
    assert notes(answer) == []
    got = answer_of(lecture, answer)
    assert value(got["translation-force-step"]) == 2 and got["translation-what-if"]
    answer = lecture.from_request(request(view="translation", text="She has a red car.",
                                          prefix="Elle a"))
    assert notes(answer) == [] and "Elle" in value(answer_of(lecture, answer)["translation-what-if"])
    # a step past the translation's end: a note, no what-if, the translation still shown
    answer = lecture.from_request(request(view="translation", text="She has a red car.",
                                          force_step="14"))
    assert len(notes(answer)) == 1 and "shows nothing" in notes(answer)[0]
    got = answer_of(lecture, answer)
    assert "translation-what-if" not in got and "rouge" in value(got["translation-result"])
    assert "force_step" not in answer[1] and "text=" in answer[1]


def test_the_two_what_ifs_are_rivals_for_the_url(lecture):
    """Both write the what-if panel on a click (the forced start on Enter in its box too): the
    page's URL names the one run last."""
    assert rival_buttons(lecture, "translation") == {
        "translation-force": [["force_step", "force_word"], ["prefix"]],
        "translation-continue": [["prefix"], ["force_step", "force_word"]],
        "translation-prefix": [["prefix"], ["force_step", "force_word"]]}
    assert all(rival_buttons(lecture, view) == {} for view in lecture.views
               if view != "translation")


def test_paradigms_link_sets_the_generator(lecture):
    answer = lecture.from_request(request(view="paradigms", paradigm="one-to-many",
                                          seed_char="T", length="40", temperature="0.5"))
    assert notes(answer) == []
    got = answer_of(lecture, answer)
    assert value(got["p1n-length"]) == 40 and value(got["p1n-seed"]) == "T"
    assert got["paradigm-tabs"]["selected"] == "paradigm-one-to-many" and "p1n-text" in got


def test_tradeoffs_link_runs_after_the_first_measurements(lecture):
    """The page fills these plots from the server's first measurements (a page-load event): the
    link's own run is chained after that event, not raced against it."""
    assert set(lecture.deferred) == {"tradeoffs_sizes", "tradeoffs_delay"}
    query = dict(view="tradeoffs", longest="10", sequences="32", text="Time flies.")
    answer = lecture.from_request(request(**query))
    got = answer_of(lecture, answer)
    assert notes(answer) == [] and "size-plot" not in got and "future-tags" in got
    assert "longest=10" in answer[1]
    names = frozenset(lecture.deferred)
    blocks = [lecture.by_id[i] for i in ("size-longest", "size-plot", "delay-count",
                                         "delay-plot")]
    later = dict(zip(["size-longest", "size-plot", "delay-count", "delay-plot"],
                     lecture.after_load(request(**query), names, blocks)))
    assert value(later["size-longest"]) == 10 and value(later["delay-count"]) == 32
    assert later["size-plot"] != gr.skip() and later["delay-plot"] != gr.skip()
    # a bad value: the note came with the first answer; nothing runs later
    later = lecture.after_load(request(view="tradeoffs", longest="0"), names, blocks)
    assert all(v == gr.skip() for v in later[:2])


def test_the_page_learns_the_hub_only_on_a_space(monkeypatch):
    monkeypatch.delenv("SPACE_ID", raising=False)
    assert hub() is None and "data-hub" not in bar_html(None, [], "view=pos")
    monkeypatch.setenv("SPACE_ID", "teacher/rnn-explainer")
    assert hub() == ("https://huggingface.co", "teacher/rnn-explainer")
    assert 'data-hub="https://huggingface.co" data-space="teacher/rnn-explainer"' in \
        bar_html(None, [], "view=pos")
    monkeypatch.setenv("RNN_EXPLAINER_HUB", "http://localhost:8123")
    assert hub() == ("http://localhost:8123", "teacher/rnn-explainer")
    for space, origin in (("teacher", "https://huggingface.co"),
                          ('a/b" onload="x', "https://huggingface.co"),
                          ("teacher/rnn", "javascript:alert(1)"),
                          ("teacher/rnn", "https://huggingface.co/spaces")):
        monkeypatch.setenv("SPACE_ID", space)
        monkeypatch.setenv("RNN_EXPLAINER_HUB", origin)
        assert hub() is None


def test_a_link_of_many_unknown_names_gets_a_few_notes(lecture):
    """A hostile link: every unknown name would be a note; the bar shows at most MAX_NOTES."""
    from explainer.ui.link_state import MAX_NOTES
    answer = lecture.from_request(request(view="pos", **{f"x{i}": "1" for i in range(500)}))
    shown = notes(answer)
    assert len(shown) == MAX_NOTES and "495 more" in shown[-1]
    assert len(answer[1]) < 4000
