"""Deep links and scenes: a URL or a scene sets a view's inputs and shows its computed result.

    /?view=translation&text=She+has+a+red+car.&decoding=beam
    /?scene=5    /?scene=bptt    (ui/scenes.py: the scenes and what a link may set)

ui/link_state.py applies a state on the server (the page-load event, the scene buttons); this
module builds the link tools and the scene bar and wires them. The browser side
(static/lecture.js) writes the URL back as the user changes a view or an input
(history.replaceState, no reload), keeps the Hub's page in step on Spaces, handles the scene keys
and presenter mode.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass

import gradio as gr
import segno
from gradio.events import EventListener

from .errors import InputError, handler
from .link_state import Lecture, bar_html
from .player import STATIC_URL
from .scenes import EVENTS, PARADIGMS, PARAMS

HEAD = (f'<script src="{STATIC_URL}/lecture.js"></script>'
        f'<link rel="stylesheet" href="{STATIC_URL}/lecture.css">')
# the bar's HTML is rendered by the server; the browser reacts to each new value
BAR_JS = "window.RnnLecture.shown(element);\nwatch('value', () => window.RnnLecture.shown(element));"
MAX_LINK = 2000          # characters of a link drawn as a QR code (a URL bar's practical limit)


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


def rival_buttons(lecture: Lecture, view: str) -> dict:
    """Button (or text box) elem_id -> [the parameters its click (or Enter) shows, those it
    hides], for events that write the same outputs (the translation's two what-ifs): the URL names the one
    shown, even at its defaults, and not the other, so that the link opens what the page shows."""
    events = EVENTS.get(view, ())
    blocks = {b._id: b for b in lecture.by_id.values()}
    written = {e.api_name: {b._id for b in lecture.fns[e.api_name].outputs} for e in events}
    out = {}
    for event in events:
        rivals = [o for o in events if o is not event and written[o.api_name] ==
                  written[event.api_name]]
        for block_id, trigger in lecture.fns[event.api_name].targets if rivals else ():
            button = blocks.get(block_id)
            if ((trigger == "click" and isinstance(button, gr.Button)) or
                    (trigger == "submit" and isinstance(button, gr.Textbox))):   # Enter in a box
                out[button.elem_id] = [list(event.by), [n for o in rivals for n in o.by]]
    return out


def opened_later(lecture: Lecture, names: frozenset, blocks: list):
    def open_link_later(request: gr.Request):
        return lecture.after_load(request, names, blocks)
    return open_link_later


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
    for load in {id(f): f for f in lecture.deferred.values()}.values():
        names = frozenset(n for n, f in lecture.deferred.items() if f is load)
        blocks = list({b._id: b for n in sorted(names) for b in
                       (*lecture.fns[n].inputs, *lecture.fns[n].outputs)}.values())
        # a .success of that page-load event, built as Gradio builds Dependency.success
        after = EventListener("success", trigger_after=load._id, trigger_only_on_success=True,
                              trigger_only_on_failure=False, has_trigger=False).listener
        after(demo, handler(opened_later(lecture, names, blocks)), None, blocks,
              api_name=f"open_link_after_{load.api_name}", api_visibility="private",
              show_progress="hidden")
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
             p.elem_id if isinstance(lecture.by_id[p.elem_id], gr.Textbox) else None, p.shift]
            for p in params], "buttons": rival_buttons(lecture, view)}
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
