"""View: the start page — what each view teaches, in the lecture's order, with a way in."""
from __future__ import annotations

import gradio as gr

from .notation import notation_accordion
from .guide import open_view_js
from .views import View

INTRO = """
# Recurrent neural networks, explained with real models

Every result computed from your input is computed live by a real model (trained ones say what
they were trained on; untrained ones say so); numbers measured offline say so. Work through the views in the lecture's order, or jump to one:
"""


def build_start_tab(views: list[View], tabs: gr.Tabs) -> None:
    gr.Markdown(INTRO)
    notation_accordion()
    for number, view in enumerate(views, start=1):
        with gr.Row(equal_height=True):
            gr.Markdown(f"**{number}. {view.title}** — {view.teaches}")
            go = gr.Button(f"Open “{view.title}”", size="md", scale=0, min_width=260,
                           elem_id=f"open-{view.id}")
        # switching tabs happens in the browser: no request, nothing to wait for
        go.click(None, api_visibility="private", js=open_view_js(view.id))   # at its top
