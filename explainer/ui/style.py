"""The app's look: a Gradio theme for projection, CSS that makes figures follow dark mode."""
from __future__ import annotations

from pathlib import Path

import gradio as gr

LATEX = [{"left": "$$", "right": "$$", "display": True},
         {"left": "$", "right": "$", "display": False}]

# Gradio 6's default fonts ship with it (LocalFont): no web fonts are fetched.
# Bold uses the full Bold files: Gradio's SemiBold (600) files are 4-5 KB subsets (a few glyphs),
# so bold text fell back to another font letter by letter.
THEME = gr.themes.Default(
    primary_hue="orange", secondary_hue="blue", neutral_hue="slate",
    font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif",
          "system-ui", "sans-serif"],
    font_mono=[gr.themes.LocalFont("IBM Plex Mono", weights=(400, 700)), "ui-monospace",
               "Consolas", "monospace"],
    text_size=gr.themes.sizes.text_lg, spacing_size=gr.themes.sizes.spacing_lg,
).set(body_text_size="18px", block_label_text_size="16px", button_large_text_size="20px")

CSS = """
/* Figures are drawn with dark text on transparent backgrounds; in dark mode the text follows the
   theme (an !important rule wins over Plotly's inline fill). Hover labels keep their own colours. */
.dark .js-plotly-plot .main-svg text:not(.nums):not(.name):not(.heatmap-label text) {
  fill: var(--body-text-color) !important; }
.dark .js-plotly-plot .legendtoggle { fill: transparent !important; }
.gradio-container { max-width: 1600px !important; }
table.bugs { border-collapse: collapse; width: 100%; }
table.bugs td, table.bugs th { border: 1px solid var(--border-color-primary); padding: .4em .6em;
                               vertical-align: top; text-align: left; }
table.bugs td.measured { font-family: var(--font-mono); color: var(--error-text-color, #b91c1c); }
.device-label { opacity: .8; font-size: 0.9em; }
"""
CSS += """
button[role=tab] { font-size: 18px !important; padding: .4em .6em !important; }
"""
CSS += """
.cm-editor .cm-content, .cm-editor .cm-gutters { font-size: 16px !important; }
"""
CSS += """
.pos-sentence { display: flex; flex-wrap: wrap; gap: .5em; font-size: 22px; margin: .5em 0; }
.pos-chip { display: inline-flex; flex-direction: column; align-items: center; border: 3px solid;
            border-radius: 8px; padding: .15em .4em; cursor: help; }
.pos-word { font-weight: 600; }
.pos-tag { color: #111; border-radius: 4px; padding: 0 .35em; font-size: 16px; font-weight: 700; }
.pos-prob { font-size: 14px; opacity: .75; }
.unk { color: var(--error-text-color, #b91c1c); font-weight: 800; margin-left: .15em; }
.pos-legend { display: flex; flex-wrap: wrap; gap: .3em 1em; font-size: 15px; margin-top: .6em; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px; margin-right: .3em;
          vertical-align: middle; }
.dim { opacity: .65; }
details.step { margin: .4em 0; }
details.step summary { cursor: pointer; font-size: 18px; }
table.steps { border-collapse: collapse; margin: .4em 0 .8em 1.2em; font-size: 16px; }
table.steps td, table.steps th { border: 1px solid var(--border-color-primary); padding: .2em .6em;
                                 text-align: left; font-family: var(--font-mono); }
table.steps tr.selected td { background: rgba(230, 159, 0, .25); font-weight: 700; }
"""
CSS += """
p.translation { font-size: 24px; margin: .3em 0; }
"""
CSS += (Path(__file__).parent / "static" / "study.css").read_text()   # self-study, phones
