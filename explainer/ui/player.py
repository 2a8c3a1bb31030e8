"""A player for animated Plotly figures: play, pause, step, scrub, speed, loop — in the browser.

`gr.Plot` drops a figure's animation `frames`, so a view that animates (a sentence read step by
step) shows its figure in a `gr.HTML` made by `Player`, which embeds the figure as JSON and plays it
with the very plotly.js that gr.Plot uses: Gradio's own chunk, served by this app, never a CDN, so
a page fetches plotly.js once. Once the page has loaded, playing needs no request to the server:
every frame is in the page.

How a view uses it:

    steps = Player("pos-steps", caption="Hidden state, token by token")
    out = steps.component()                          # inside the tab's gr.Blocks layout
    button.click(lambda sentence: steps.html(steps_figure(explain(sentence))), sentence, out)

A handler returns the HTML of a plain-dict figure with frames (explainer.figures.plain); a new
value re-initialises that player in the browser. The browser side is static/player.js (+ .css),
served at STATIC_URL by the route that `explainer.ui.serving` adds to the app.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
from gradio.components.plot import PlotData

from ..figures.plain import figure_json, json_text, plain_figure
from ..figures.theme import TEMPLATE_DICT

STATIC = Path(__file__).parent / "static"
# The URL path static/ is served at, relative to the page: it names no folder of the server.
STATIC_URL = "rnn-player"
GRADIO_ASSETS = Path(gr.__file__).parent / "templates" / "frontend" / "assets"

DEFAULT_HEIGHT = 520   # px, when the figure gives none
FRAME_MS = 800         # one frame at 1x: slow enough to say what changed


def plot(figure: dict) -> PlotData:
    """A plain-dict figure (explainer.figures.plain) as a gr.Plot value: serialised once, with
    no go.Figure in between."""
    return PlotData(type="plotly", plot=figure_json(figure))


def gradio_plotly_chunk() -> str:
    """The file name of the plotly.js that gr.Plot loads: Gradio's PlotlyPlot-<hash>.js chunk,
    which sets window.Plotly. The player draws with that same copy (see player.js, `plotly`)."""
    found = sorted(path.name for path in GRADIO_ASSETS.glob("PlotlyPlot-*.js"))
    if len(found) != 1:
        raise RuntimeError(f"Found {found or 'no'} PlotlyPlot-*.js in {GRADIO_ASSETS}, expected one: "
                           "Gradio's frontend has changed; the player needs the name of the chunk "
                           "that gr.Plot imports plotly.js from.")
    return found[0]


PLOTLY_CHUNK = gradio_plotly_chunk()

# Loaded once per page: gr.HTML de-duplicates head scripts by src and links by href. The URLs are
# relative to the page, so they also work behind a proxy's root path.
HEAD = (f'<script src="{STATIC_URL}/player.js"></script>'
        f'<link rel="stylesheet" href="{STATIC_URL}/player.css">')

# Runs when the component mounts (after HEAD has loaded), and again after every new value.
JS_ON_LOAD = (f"const plotly = {json.dumps(PLOTLY_CHUNK)};\n"
              "window.RnnPlayer.mount(element, plotly);\n"
              "watch('value', () => window.RnnPlayer.mount(element, plotly));")


# ---- the figure as JSON ----------------------------------------------------------------------

def _frame_names(frames: list[dict]) -> list[str]:
    """Every frame gets a name (the label under the plot); names must be unique to seek by."""
    names = [str(frame.get("name", f"frame {i + 1}")) for i, frame in enumerate(frames)]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise ValueError(f"Frames {seen[name] + 1} and {i + 1} are both named {name!r}; "
                             "give every frame a unique name (it is the label the player shows).")
        seen[name] = i
    for frame, name in zip(frames, names):
        frame["name"] = name
    return names


def _is_animation_control(control: dict) -> bool:
    """Plotly's own play buttons / frame sliders, which the player replaces."""
    items = control.get("buttons") or control.get("steps") or []
    return any(item.get("method") == "animate" for item in items)


def figure_payload(fig: dict) -> dict:
    """A plain-dict figure with frames (explainer.figures.plain) as the player's plotly.js reads
    it: {"data", "layout", "frames"}, the figure itself untouched.

    Numpy arrays become base64 typed arrays, float64 ones shrunk to float32; a figure without a
    template gets the house one; plotly's own play controls are left out; width follows the page.
    """
    spec = plain_figure(fig, float32=True)                   # a copy
    frames = spec.get("frames") or []
    if not frames:
        raise ValueError('The figure has no frames to play: build it as {"data": ..., "layout": '
                         '..., "frames": [{"data": ..., "name": ...}, ...]}, or show a still '
                         'figure in a gr.Plot.')
    _frame_names(frames)
    layout = spec.get("layout", {})
    layout.setdefault("template", TEMPLATE_DICT)
    for key in ("updatemenus", "sliders"):
        kept = [c for c in layout.get(key, []) if not _is_animation_control(c)]
        if kept:
            layout[key] = kept
        else:
            layout.pop(key, None)
    layout.pop("width", None)
    layout["autosize"] = True
    layout.setdefault("height", DEFAULT_HEIGHT)
    return {"data": spec.get("data", []), "layout": layout, "frames": frames}


def payload_json(fig: dict) -> str:
    """Compact JSON, safe inside HTML text: <, > and & only occur in strings, as \\u escapes."""
    text = json_text(figure_payload(fig))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def payload_size(fig: dict) -> int:
    """Bytes of figure JSON one player puts in the page (what benchmarks report)."""
    return len(payload_json(fig).encode("utf-8"))


# ---- the HTML --------------------------------------------------------------------------------

_ICONS = {  # 24x24 SVG paths: glyphs like ⏮ are missing from many projector laptops' fonts
    "back": "M6 5h2v14H6zM20 5v14L9 12z",
    "play": "M7 4v16l13-8z",
    "pause": "M6 4h4v16H6zM14 4h4v16h-4z",
    "forward": "M16 5h2v14h-2zM4 5v14l11-7z",
    "loop": "M7 7h10v3l4-4-4-4v3H5v6h2zm10 10H7v-3l-4 4 4 4v-3h12v-6h-2z",
}


def _icon(name: str) -> str:
    return (f'<svg viewBox="0 0 24 24" aria-hidden="true" class="rnn-icon rnn-icon-{name}">'
            f'<path d="{_ICONS[name]}"/></svg>')


def _controls(frames: int) -> str:
    speeds = "".join(
        f'<button type="button" data-speed="{s}" aria-pressed="{str(s == 1).lower()}">{s:g}×</button>'
        for s in (0.5, 1, 2))
    return (
        '<div class="rnn-player-bar">'
        f'<button type="button" data-act="back" aria-label="Step back" title="Step back (←)">'
        f'{_icon("back")}</button>'
        f'<button type="button" data-act="play" class="rnn-play" aria-label="Play" '
        f'title="Play / pause (space)">{_icon("play")}{_icon("pause")}</button>'
        f'<button type="button" data-act="forward" aria-label="Step forward" '
        f'title="Step forward (→)">{_icon("forward")}</button>'
        f'<input type="range" class="rnn-player-scrub" min="0" max="{frames - 1}" step="1" '
        f'value="0" aria-label="Frame">'
        '<span class="rnn-player-label" aria-live="polite">'
        f'<span class="rnn-player-name"></span> <span class="rnn-player-count">1 / {frames}</span>'
        '</span>'
        f'<span class="rnn-player-speed" role="group" aria-label="Speed">{speeds}</span>'
        f'<button type="button" data-act="loop" aria-pressed="false" title="Loop">'
        f'{_icon("loop")} Loop</button>'
        '</div>')


def player_html(fig: dict, player_id: str, caption: str = "", *,
                frame_ms: int = FRAME_MS, loop: bool = True) -> str:
    """The HTML a player's gr.HTML (see `Player`) shows: plot area, controls, caption, figure JSON.

    fig: a plain-dict figure with frames; each frame's name is the label shown while it plays.
    player_id: names this player in the DOM (data-player); caption: plain text, escaped here.
    frame_ms: how long one frame stays at 1x speed; loop: start over after the last frame.
    """
    data = payload_json(fig)
    frames = len(fig["frames"])
    caption_html = (f'<p class="rnn-player-caption">{html.escape(caption)}</p>' if caption else "")
    return (f'<div class="rnn-player" data-player="{html.escape(player_id)}" tabindex="0" '
            f'role="group" aria-label="{html.escape(caption or "Animation")} (space: play/pause, '
            f'arrows: step)" data-frame-ms="{int(frame_ms)}" data-loop="{str(loop).lower()}" '
            f'data-frame="0" data-frames="{frames}" data-playing="false">'
            '<div class="rnn-player-plot"></div>'
            f'{_controls(frames)}{caption_html}'
            f'<div class="rnn-player-data" hidden>{data}</div></div>')


@dataclass(frozen=True)
class Player:
    """One player's settings; makes its gr.HTML and the HTML its handlers return.

    (Not a gr.HTML subclass: Gradio writes a .pyi stub next to any module defining one.)
    Read-only, so a view may keep it as a module global:

        steps = Player("pos-steps", caption="Hidden state, token by token")
        out = steps.component()                       # inside gr.Blocks
        button.click(lambda s: steps.html(steps_figure(explain(s))), sentence, out)
    """
    player_id: str
    caption: str = ""
    frame_ms: int = FRAME_MS
    loop: bool = True

    def html(self, fig: dict, caption: str | None = None) -> str:
        """What a handler returns to show `fig` (and optionally a new caption)."""
        return player_html(fig, self.player_id, self.caption if caption is None else caption,
                           frame_ms=self.frame_ms, loop=self.loop)

    def component(self, fig: dict | None = None, **kwargs) -> gr.HTML:
        """The gr.HTML (elem_id = player_id), empty until a handler sends a figure's html."""
        kwargs.setdefault("elem_id", self.player_id)
        return gr.HTML(self.html(fig) if fig is not None else "", head=HEAD,
                       js_on_load=JS_ON_LOAD, apply_default_css=False, **kwargs)
