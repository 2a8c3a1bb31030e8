"""Applying a link's or a scene's state on the server (ui/links.py wires it into the page).

One function applies a state (a view and its values): every value passes the checks a typed
value passes (ui/boundary.py raw_value, then the component's own preprocessing), then the view's
events (scenes.EVENTS) run their handlers on it, exactly what a click would run. A value that
fails falls back to the component's default with a note; the page never shows an error.
"""
from __future__ import annotations

import copy
import html
import math
import os
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import gradio as gr

from .boundary import raw_value
from .errors import InputError
from .scenes import EVENTS, PARAMS, SCENES, Param, param, scene_index

IGNORED = {"view", "scene", "present", "contrast"}   # read by the page, or by apply()
HUB = "https://huggingface.co"
SPACE = re.compile(r"[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}")    # OWNER/NAME
ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:\d{1,5})?")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_NOTES = 6        # a link of a thousand unknown names gets six lines, not a thousand

@dataclass(frozen=True)
class Lecture:
    """The app's components a link may set or an event writes, found by elem_id once the app is
    built; read-only afterwards (shared by every session)."""
    by_id: dict          # elem_id -> component
    fns: dict            # api_name -> gradio BlockFunction
    views: tuple         # tab ids ("start" and every View.id)
    tabs: gr.Tabs
    targets: tuple       # every component apply() may update, in the load event's order
    # api_name of a link's event -> the page-load event (a first answer the server computes as
    # it starts) that writes the same outputs: on opening a page the link's event runs after it
    deferred: dict

    @classmethod
    def of(cls, demo: gr.Blocks, tabs: gr.Tabs, views: list[str]) -> "Lecture":
        by_id = {b.elem_id: b for b in demo.blocks.values() if getattr(b, "elem_id", None)}
        fns = {f.api_name: f for f in demo.fns.values() if f.api_name}
        targets: dict[int, object] = {}
        for view, events in EVENTS.items():
            for p in PARAMS[view]:
                for block in [by_id[p.elem_id]] + ([by_id[p.tab[0]]] if p.tab else []):
                    targets.setdefault(block._id, block)
            for event in events:
                for block in (*fns[event.api_name].inputs, *fns[event.api_name].outputs):
                    targets.setdefault(block._id, block)
        loads = [f for f in demo.fns.values() if any(t[1] == "load" for t in f.targets)
                 and not (f.api_name or "").startswith("open_link")]      # not the link's own
        deferred = {}
        for events in EVENTS.values():
            for event in events:
                written = {b._id for b in fns[event.api_name].outputs}
                for load in loads:
                    if written & {b._id for b in load.outputs}:
                        deferred[event.api_name] = load
        return cls(by_id, fns, tuple(views), tabs, tuple(targets.values()), deferred)

    # ---- one value, as a URL or a scene gives it ------------------------------------------
    def read(self, p: Param, text: str, block=None):
        """The component's value for the URL text `text`, or an InputError. `block`: the
        component as the events before left it (a slider's range, a radio's choices)."""
        block = block if block is not None else self.by_id[p.elem_id]
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
        elif (isinstance(block, (gr.Slider, gr.Number)) or p.shift) and isinstance(text, str):
            try:
                number = float(text)
                text = int(number) if math.isfinite(number) and number == int(number) else number
            except ValueError:
                pass                         # raw_value says it must be a number
            if p.shift:
                if not isinstance(text, int):
                    raise InputError(f"{shown_name(p)} is a whole number from {p.shift}.")
                text -= p.shift
        return raw_value(block, text)

    def apply(self, view: str, given: dict[str, str], skip=frozenset(),
              only=None) -> tuple[dict, list[str], dict[str, str]]:
        """(updates by component, notes, the values used as URL text) for `view` with `given`
        (URL text by parameter name). Only the events one of whose parameters was given run,
        in EVENTS order: first those of the parameters read at once, then those read `after`
        (against the ranges the first ones set). `skip`: events not to run; `only`: the only
        events to run (None: all)."""
        updates, notes, used = {}, [], {}
        current: dict[int, object] = {}           # block id -> its value as the events left it
        params = {}
        for name in given:
            p = param(view, name)
            if p is None:
                notes.append(f"“{clip(name)}” is not a setting of this view; it was ignored.")
            else:
                params[name] = p
        for after in (False, True):
            for name, p in params.items():
                if p.after != after:
                    continue
                block = self.by_id[p.elem_id]
                try:
                    current[block._id] = self.read(p, given[name], shaped(block, updates.get(block)))
                    used[name] = given[name]
                except InputError as error:
                    notes.append(f"{name}: {error} The default is shown.")
                if isinstance(block, gr.Tabs) and name in used:
                    updates[block] = gr.update(selected=f"paradigm-{current[block._id]}")
                if p.tab and name in used:       # its inputs are drawn when its tab opens
                    updates[self.by_id[p.tab[0]]] = gr.update(selected=p.tab[1])
            for event in EVENTS.get(view, ()):
                if event.api_name in skip or (only is not None and event.api_name not in only) \
                        or not any(n in used and params[n].after == after for n in event.by):
                    continue
                fn = self.fns[event.api_name]
                try:
                    self.run(fn, current, updates)
                except gr.Error as error:
                    shown = any(block.value not in (None, "") for block in fn.outputs)
                    notes.append(f"These values could not be shown ({html.unescape(error.message)}"
                                 f"); {'the defaults are shown instead' if shown else 'this part shows nothing'}.")
                    for name in event.by:
                        if name in used:
                            del used[name]
                            block = self.by_id[params[name].elem_id]
                            current[block._id] = copy.deepcopy(block.value)
                            merge(updates, block, gr.update(value=current[block._id]))
                    if shown:
                        try:
                            self.run(fn, current, updates)
                        except gr.Error:
                            pass              # the page keeps what it shows
        return updates, notes, used

    def run(self, fn, current: dict, updates: dict) -> None:
        """Run one event's handler as a click would, on the values in `current` (block id ->
        value; the rest at their defaults): its inputs are set to what it ran on, its outputs
        to what it returned (both in `updates`, and its outputs in `current`)."""
        args = []
        for block in fn.inputs:
            value = current[block._id] if block._id in current else copy.deepcopy(block.value)
            if not isinstance(block, gr.State):
                merge(updates, block, gr.update(value=value))
                if fn.preprocess:
                    value = shaped(block, updates.get(block)).preprocess(value)
            args.append(value)
        answer = fn.fn(*args)
        answer = answer if isinstance(answer, (tuple, list)) and len(fn.outputs) > 1 else (answer,)
        for block, value in zip(fn.outputs, answer):
            merge(updates, block, value)
            if not is_update(value):
                current[block._id] = value
            elif "value" in value:
                current[block._id] = value["value"]

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
        updates, notes, used = self.apply(view, given, skip=frozenset(self.deferred))
        return self.answer(view, updates, bar_html(None, notes, link_query(view, used)), None)

    def after_load(self, request: gr.Request, names: frozenset, blocks: list) -> list:
        """The link's events `names` (deferred: a page-load event writes their outputs too), run
        once that event has answered, so that the link's values are the ones left on the page.
        from_request showed the notes on their values; an error these events raise now is not
        shown (their values passed the same checks first)."""
        query = {k: v for k, v in request.query_params.items() if not k.startswith("__")}
        view = query.get("view")
        if "scene" in query or view not in self.views:
            return [gr.skip() for _ in blocks]
        given = {k: v for k, v in query.items() if k not in IGNORED}
        updates, _, _ = self.apply(view, given, only=names)
        return [updates.get(b, gr.skip()) for b in blocks]

    def scene(self, index: int) -> list:
        scene = SCENES[index]
        given = {k: url_text(v) for k, v in scene.inputs.items()}
        updates, notes, _ = self.apply(scene.view, given)
        return self.answer(scene.view, updates, bar_html(index, notes, f"scene={scene.name}"),
                           index)

    def step(self, current, delta: int) -> list:
        index = 0 if current is None else min(max(int(current) + delta, 0), len(SCENES) - 1)
        return self.scene(index)


def is_update(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


def merge(updates: dict, block, value) -> None:
    """An event's answer for `block` over the one before it: two updates are combined (a
    slider's new range from one event, its value from the next)."""
    old = updates.get(block)
    updates[block] = {**old, **value} if is_update(old) and is_update(value) else value


def shaped(block, update):
    """`block` as an update leaves it: its range or its choices (a copy; the app's own stays)."""
    if not is_update(update) or not {"minimum", "maximum", "choices"} & set(update):
        return block
    block = copy.copy(block)
    for key in ("minimum", "maximum"):
        if key in update:
            setattr(block, key, update[key])
    if "choices" in update:
        block.choices = [c if isinstance(c, tuple) else (str(c), c) for c in update["choices"]]
    return block


def url_text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def shown_name(p: Param) -> str:
    return f"“{p.name}”"


def link_query(view: str, used: dict[str, str]) -> str:
    return urlencode({"view": view, **used})


def bar_html(index: int | None, notes: list[str], query: str) -> str:
    """The scene bar's middle: "5 / 24 Title", the one thing to look at, the question, notes.
    data-query is the canonical query the page writes into its URL."""
    parts = []
    # data-seq: a new value each time, so the page reacts to the same scene shown twice
    attrs = f'data-query="{html.escape(query)}" data-seq="{secrets.token_hex(4)}"'
    space = hub()
    if space:
        attrs += f' data-hub="{html.escape(space[0])}" data-space="{html.escape(space[1])}"'
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
    shown = notes if len(notes) <= MAX_NOTES else notes[:MAX_NOTES - 1] + [
        f"… and {len(notes) - MAX_NOTES + 1} more settings that could not be used."]
    for note in shown:
        parts.append(f'<p class="rnn-link-note" role="status">⚠ {html.escape(note)}</p>')
    return f'<div class="rnn-scene" {attrs}>{"".join(parts)}</div>'


def hub() -> tuple[str, str] | None:
    """(the Hub's origin, "OWNER/NAME") when the app runs on a Hugging Face Space, else None.
    Spaces set SPACE_ID in the Space's environment (huggingface.co/docs/hub/spaces-overview,
    "Helper environment variables"); the page then links to the Hub's Space page when the Hub
    frames it (static/lecture.js). RNN_EXPLAINER_HUB names another Hub origin (the browser test
    serves one on loopback). Read per request: cheap, and a test may set it."""
    space = os.environ.get("SPACE_ID", "")
    origin = os.environ.get("RNN_EXPLAINER_HUB", HUB)
    if not SPACE.fullmatch(space) or not ORIGIN.fullmatch(origin):
        return None
    return origin, space
