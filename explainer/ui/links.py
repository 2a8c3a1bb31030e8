"""Deep links and scenes: a URL or a scene sets a view's inputs and shows its computed result.

    /?view=translation&text=She+has+a+red+car.&decoding=beam
    /?scene=5    /?scene=bptt    (ui/scenes.py: the scenes and what a link may set)

One server function applies a state (a view and its values): every value passes the checks a
typed value passes (ui/boundary.py raw_value, then the component's own preprocessing), then the
view's events (scenes.EVENTS) run their handlers on it, exactly what a click would run. A value
that fails falls back to the component's default with a note; the page never shows an error.
The browser side (static/lecture.js) writes the URL back as the user changes a view or an input
(history.replaceState, no reload), handles the scene keys and presenter mode.
"""
from __future__ import annotations

import copy
import html
import json
import math
import secrets
from dataclasses import dataclass

import gradio as gr
import segno

from .boundary import raw_value
from .errors import InputError, handler
from .player import STATIC_URL
from .scenes import EVENTS, PARADIGMS, PARAMS, SCENES, Param, param, scene_index

HEAD = (f'<script src="{STATIC_URL}/lecture.js"></script>'
        f'<link rel="stylesheet" href="{STATIC_URL}/lecture.css">')
# the bar's HTML is rendered by the server; the browser reacts to each new value
BAR_JS = "window.RnnLecture.shown(element);\nwatch('value', () => window.RnnLecture.shown(element));"
IGNORED = {"view", "scene", "present", "contrast"}   # read by the page, or by apply()
MAX_LINK = 2000          # characters of a link drawn as a QR code (a URL bar's practical limit)
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class Lecture:
    """The app's components a link may set or an event writes, found by elem_id once the app is
    built; read-only afterwards (shared by every session)."""
    by_id: dict          # elem_id -> component
    fns: dict            # api_name -> gradio BlockFunction
    views: tuple         # tab ids ("start" and every View.id)
    tabs: gr.Tabs
    targets: tuple       # every component apply() may update, in the load event's order

    @classmethod
    def of(cls, demo: gr.Blocks, tabs: gr.Tabs, views: list[str]) -> "Lecture":
        by_id = {b.elem_id: b for b in demo.blocks.values() if getattr(b, "elem_id", None)}
        fns = {f.api_name: f for f in demo.fns.values() if f.api_name}
        targets: dict[int, object] = {}
        for view, names in EVENTS.items():
            for p in PARAMS[view]:
                targets.setdefault(by_id[p.elem_id]._id, by_id[p.elem_id])
            for name in names:
                for block in (*fns[name].inputs, *fns[name].outputs):
                    targets.setdefault(block._id, block)
        return cls(by_id, fns, tuple(views), tabs, tuple(targets.values()))

    # ---- one value, as a URL or a scene gives it ------------------------------------------
    def read(self, p: Param, text: str):
        """The component's value for the URL text `text`, or an InputError."""
        block = self.by_id[p.elem_id]
        text = text.strip() if not isinstance(block, gr.Textbox) else text
        for word, value in p.words:
            if text.lower() == word:
                text = value
                break
        if isinstance(block, gr.Tabs):
            if text not in dict(p.words).values():
                raise InputError(f"{shown_name(p)} must be one of {', '.join(w for w, _ in p.words)}")
            return text
        if isinstance(block, gr.Checkbox) and isinstance(text, str):
            low = text.lower()
            text = True if low in TRUE else False if low in FALSE else text
        elif isinstance(block, (gr.Slider, gr.Number)) and isinstance(text, str):
            try:
                number = float(text)
                text = int(number) if math.isfinite(number) and number == int(number) else number
            except ValueError:
                pass                         # raw_value says it must be a number
        return raw_value(block, text)

    def apply(self, view: str, given: dict[str, str]) -> tuple[dict, list[str], dict[str, str]]:
        """(updates by component, notes, the values used as URL text) for `view` with `given`
        (URL text by parameter name). Only the events whose inputs were given run."""
        updates, notes, used = {}, [], {}
        values: dict[str, object] = {}
        for name, text in given.items():
            p = param(view, name)
            if p is None:
                notes.append(f"“{clip(name)}” is not a setting of this view; it was ignored.")
                continue
            try:
                values[p.elem_id] = self.read(p, text)
                used[name] = text
            except InputError as error:
                notes.append(f"{name}: {error} The default is shown.")
        for p in PARAMS.get(view, ()):
            block = self.by_id[p.elem_id]
            if isinstance(block, gr.Tabs) and p.elem_id in values:
                updates[block] = gr.update(selected=f"paradigm-{values[p.elem_id]}")
        for name in EVENTS.get(view, ()):
            fn = self.fns[name]
            if not any(b.elem_id in values for b in fn.inputs):
                continue
            try:
                updates.update(self.run(fn, values))
            except gr.Error as error:
                notes.append(f"These values could not be shown ({html.unescape(error.message)}); "
                             "the view's defaults are shown instead.")
                ids = {block.elem_id for block in fn.inputs}
                used = {k: v for k, v in used.items() if param(view, k).elem_id not in ids}
                updates.update(self.run(fn, {}))
        return updates, notes, used

    def run(self, fn, values: dict) -> dict:
        """Run one event's handler as a click would, on `values` (elem_id -> value; the rest at
        their defaults): the inputs are set to what it ran on, the outputs to what it returned."""
        updates, args = {}, []
        for block in fn.inputs:
            value = values.get(block.elem_id, copy.deepcopy(block.value)) if block.elem_id \
                else copy.deepcopy(block.value)
            if not isinstance(block, gr.State):
                updates[block] = gr.update(value=value)
                if fn.preprocess:
                    value = block.preprocess(value)
            args.append(value)
        answer = fn.fn(*args)
        answer = answer if isinstance(answer, (tuple, list)) and len(fn.outputs) > 1 else (answer,)
        for block, value in zip(fn.outputs, answer):
            updates[block] = value
        return updates

    # ---- the load event and the scene buttons --------------------------------------------
    def outputs(self, bar, state) -> list:
        return [self.tabs, bar, state, *self.targets]

    def answer(self, view, updates, bar_html, scene) -> list:
        tab = gr.update(selected=view) if view else gr.skip()
        bar = bar_html if bar_html is not None else gr.skip()
        state = scene if scene is not None else gr.skip()
        return [tab, bar, state, *(updates.get(b, gr.skip()) for b in self.targets)]

    def from_request(self, request: gr.Request) -> list:
        query = {k: v for k, v in request.query_params.items() if not k.startswith("__")}
        if "scene" in query:
            index = scene_index(query["scene"])
            if index is not None:
                return self.scene(index)
            return self.answer(None, {}, bar_html(None, [f"There is no scene “{clip(query['scene'])}”"
                                                         f": scenes are 1 to {len(SCENES)} or "
                                                         "their names."], ""), None)
        if "view" not in query:
            return self.answer(None, {}, None, None)
        view = query["view"]
        if view not in self.views:
            return self.answer(None, {}, bar_html(None, [f"There is no view “{clip(view)}”; "
                                                         f"views: {', '.join(self.views)}."], ""),
                               None)
        given = {k: v for k, v in query.items() if k not in IGNORED}
        updates, notes, used = self.apply(view, given)
        return self.answer(view, updates, bar_html(None, notes, link_query(view, used)), None)

    def scene(self, index: int) -> list:
        scene = SCENES[index]
        given = {k: url_text(v) for k, v in scene.inputs.items()}
        updates, notes, _ = self.apply(scene.view, given)
        return self.answer(scene.view, updates, bar_html(index, notes, f"scene={scene.name}"),
                           index)

    def step(self, current, delta: int) -> list:
        index = 0 if current is None else min(max(int(current) + delta, 0), len(SCENES) - 1)
        return self.scene(index)


def url_text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def shown_name(p: Param) -> str:
    return f"“{p.name}”"


def link_query(view: str, used: dict[str, str]) -> str:
    from urllib.parse import urlencode
    return urlencode({"view": view, **used})


def bar_html(index: int | None, notes: list[str], query: str) -> str:
    """The scene bar's middle: "5 / 24 Title", the one thing to look at, the question, notes.
    data-query is the canonical query the page writes into its URL."""
    parts = []
    # data-seq: a new value each time, so the page reacts to the same scene shown twice
    attrs = f'data-query="{html.escape(query)}" data-seq="{secrets.token_hex(4)}"'
    if index is not None:
        scene = SCENES[index]
        attrs += (f' data-scene="{index + 1}" data-view="{scene.view}" '
                  f'data-figure="{html.escape(scene.figure)}"')
        parts.append(f'<div class="rnn-scene-title"><b>{index + 1} / {len(SCENES)}</b> '
                     f'{html.escape(scene.title)}</div>'
                     f'<p class="rnn-scene-look">{html.escape(scene.look)}</p>')
        if scene.question:
            parts.append(f'<p class="rnn-scene-question">Question: {html.escape(scene.question)}'
                         '</p>')
    else:
        parts.append(f'<div class="rnn-scene-title">Scenes 1–{len(SCENES)}: the lecture slide '
                     'by slide (next →, PageDown or n)</div>')
    for note in notes:
        parts.append(f'<p class="rnn-link-note" role="status">⚠ {html.escape(note)}</p>')
    return f'<div class="rnn-scene" {attrs}>{"".join(parts)}</div>'


def qr_html(link: str) -> str:
    """The QR code of `link` as inline SVG drawn by segno, with the link under it."""
    if not isinstance(link, str) or not link.startswith(("http://", "https://")) \
            or len(link) > MAX_LINK:
        raise InputError(f"A QR code is drawn for a link of this app (http or https, at most "
                         f"{MAX_LINK} characters).")
    svg = segno.make(link, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff")
    return (f'<div class="rnn-qr"><div class="rnn-qr-code" role="img" '
            f'aria-label="QR code of this link">{svg}</div>'
            f'<p class="rnn-qr-link">{html.escape(link)}</p></div>')


# ---- the components and their wiring ---------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    prev: gr.Button
    html: gr.HTML
    next: gr.Button
    link: gr.Textbox
    qr: gr.HTML
    state: gr.State


def build_scene_bar() -> Bar:
    """Above the tabs: the link tools (copy, QR code, presenter mode, high contrast), then the
    scene bar, ← previous · "5 / 24 Title" · next →, which stays at the top as the page scrolls."""
    with gr.Row(elem_id="link-tools", equal_height=False):
        copy_link = gr.Button("Copy link", size="sm", scale=0, min_width=100, elem_id="copy-link")
        qr_button = gr.Button("QR code", size="sm", scale=0, min_width=100, elem_id="qr-link")
        present = gr.Button("Presenter mode", size="sm", scale=0, min_width=140,
                            elem_id="present-toggle")
        contrast = gr.Button("High contrast", size="sm", scale=0, min_width=130,
                             elem_id="contrast-toggle")
        link = gr.Textbox(visible=False, elem_id="link-value")
        qr = gr.HTML("", elem_id="link-qr", apply_default_css=False)
    with gr.Row(elem_id="scene-bar", equal_height=False):
        prev = gr.Button("← previous", size="sm", scale=0, min_width=110, elem_id="scene-prev")
        middle = gr.HTML(bar_html(None, [], ""), head=HEAD, js_on_load=BAR_JS,
                         apply_default_css=False, elem_id="scene-text")
        nxt = gr.Button("next →", size="sm", scale=0, min_width=110, elem_id="scene-next")
    for button, action in ((copy_link, "copy"), (present, "present"), (contrast, "contrast")):
        button.click(None, js=f"() => window.RnnLecture.{action}()")
    qr_button.click(draw_qr, link, qr, js="() => [window.RnnLecture.link()]",
                    api_name="link_qr", api_visibility="private", show_progress="hidden")
    return Bar(prev, middle, nxt, link, qr, gr.State(None))


@handler
def draw_qr(link):
    return qr_html(link)


def wire_links(demo: gr.Blocks, tabs: gr.Tabs, views: list[str], bar: Bar) -> Lecture:
    """The load event (a link's state), the scene buttons, and the URL kept in step with the
    view (js only, no request)."""
    lecture = Lecture.of(demo, tabs, views)
    outputs = lecture.outputs(bar.html, bar.state)
    demo.load(handler(lecture.from_request), None, outputs, api_name="open_link",
              api_visibility="private", show_progress="minimal", show_progress_on=[bar.html])
    for button, delta in ((bar.prev, -1), (bar.next, 1)):
        button.click(handler(lambda current, d=delta: lecture.step(current, d)), bar.state, outputs,
                     api_name=f"scene_{'next' if delta > 0 else 'previous'}",
                     api_visibility="private", show_progress="minimal",
                     show_progress_on=[bar.html], trigger_mode="always_last")
    specs = {}
    for view in views:
        tab = lecture.by_id[f"tab-{view}"]
        params = [p for p in PARAMS.get(view, ()) if not isinstance(lecture.by_id[p.elem_id],
                                                                    gr.Tabs)]
        inputs = [lecture.by_id[p.elem_id] for p in params]
        # a text box's value as the event sends it can lag one keystroke: the page reads the
        # box itself (the elem_id, last)
        spec = {"view": view, "params": [
            [p.name, {json.dumps(v): w for w, v in p.words}, lecture.by_id[p.elem_id].value,
             p.elem_id if isinstance(lecture.by_id[p.elem_id], gr.Textbox) else None]
            for p in params]}
        tab_triggers = [tab.select]
        if view == "paradigms":        # its own tabs, one per paradigm
            tab_triggers += [lecture.by_id[f"paradigm-{key}"].select for key in PARADIGMS]
        specs[view] = spec
        call = f"window.RnnLecture.viewState({json.dumps(spec)}, values"
        # always_last: a trigger while the last one runs is kept, not dropped (fast typing)
        gr.on(tab_triggers, None, inputs, None, js=f"(...values) => {call}, true)",
              trigger_mode="always_last")
        if inputs:
            gr.on([block.input for block in inputs], None, inputs, None,
                  js=f"(...values) => {call})", trigger_mode="always_last")
    # the same specs for the page's own listener on the text boxes (lecture.js)
    gr.HTML(f'<div class="rnn-specs" hidden>{html.escape(json.dumps(specs))}</div>',
            elem_id="lecture-specs", apply_default_css=False)
    return lecture
