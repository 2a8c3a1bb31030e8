"""The animation player's test page (tests/browser/test_player.py): an UNTRAINED LSTM cell
(random weights) unrolled over a few random inputs, one frame per step lighting that step's states.

    PYTHONPATH=. python tests/browser/player_demo.py      # serves it on 127.0.0.1:7860

The three pieces keep the house's rooms apart: `lstm_demo_steps` runs the model (like an
explain_* function), `lstm_demo_figure` is a pure figure builder, `build_player_demo` is layout.
"""
from __future__ import annotations

import math

import gradio as gr
import numpy as np
import torch

from explainer.figures.plain import panel_title
from explainer.figures.theme import DIVERGING_SCALE, FONT_SIZE, TEMPLATE_DICT
from explainer.models.cells import LSTMCell, LSTMStep, select_steps, unroll
from explainer.ui.player import Player

INPUT_SIZE, HIDDEN_SIZE = 3, 8
MIN_STEPS, MAX_STEPS = 2, 12


@torch.no_grad()
def lstm_demo_steps(steps: int = 6, seed: int = 0) -> LSTMStep:
    """The step record of an untrained LSTMCell(3, 8) over `steps` random inputs: fields (T, H)."""
    generator = torch.Generator().manual_seed(seed)     # private: the global RNG is left alone
    with torch.device("meta"):                           # no draws from the global RNG here ...
        cell = LSTMCell(INPUT_SIZE, HIDDEN_SIZE)
    cell = cell.to_empty(device="cpu").eval()
    bound = 1.0 / math.sqrt(HIDDEN_SIZE)                 # ... but torch's default init from ours
    for weight in cell.parameters():
        weight.uniform_(-bound, bound, generator=generator)
    xs = torch.randn(1, steps, INPUT_SIZE, generator=generator)   # (B=1, T, input_size)
    _, _, record = unroll(cell, xs)
    return select_steps(record, 0)


def _revealed(values: np.ndarray, t: int) -> np.ndarray:
    """(H, T) values with the steps after t blank (NaN): the cell has not read them yet."""
    shown = values.copy()
    shown[:, t + 1:] = np.nan
    return shown


def _highlight(t: int) -> list[dict]:
    """A box around step t (1-based x) in both panels."""
    return [dict(type="rect", xref=f"x{axis}", yref=f"y{axis}", x0=t + 0.5, x1=t + 1.5,
                 y0=-0.5, y1=HIDDEN_SIZE - 0.5, line=dict(width=5, color="#E69F00"))
            for axis in ("", "2")]


def lstm_demo_figure(record: LSTMStep, seed: int = 0) -> dict:
    """Cell state c_t and hidden state h_t (units x steps), revealed one step per frame: a
    plain-dict figure with frames, two panels stacked (laid out as make_subplots would)."""
    cell = record.cell.numpy().T.astype(np.float32)       # (H, T)
    hidden = record.hidden.numpy().T.astype(np.float32)   # (H, T)
    steps = cell.shape[1]
    x, y = np.arange(1, steps + 1), np.arange(HIDDEN_SIZE)
    bound = float(max(1.0, np.abs(cell).max()))

    def panels(t: int) -> list[dict]:
        return [dict(type="heatmap", z=_revealed(values, t), x=x, y=y, coloraxis="coloraxis",
                     texttemplate="%{z:.2f}", textfont=dict(size=14),
                     hovertemplate=f"{name} unit %{{y}}, step %{{x}}: %{{z:.3f}}<extra></extra>")
                for name, values in (("c", cell), ("h", hidden))]

    first = [dict(trace, xaxis=f"x{n}", yaxis=f"y{n}") for trace, n in zip(panels(0), ("", "2"))]
    units = dict(title=dict(text="unit"), dtick=1, autorange="reversed")
    return dict(data=first, frames=[
        dict(data=panels(t), traces=[0, 1], name=f"step {t + 1}",
             layout=dict(shapes=_highlight(t))) for t in range(steps)], layout=dict(
        template=TEMPLATE_DICT, height=600, margin=dict(t=110), shapes=_highlight(0),
        coloraxis=dict(colorscale=DIVERGING_SCALE, cmid=0, cmin=-bound, cmax=bound),
        title=dict(text=f"An UNTRAINED LSTM cell (random weights, seed {seed}) reading "
                        f"{steps} random inputs", font=dict(size=FONT_SIZE + 2)),
        annotations=[panel_title("cell state c_t", 0.5, 1.0),
                     panel_title("hidden state h_t = o_t * tanh(c_t)", 0.5, 0.42)],
        xaxis=dict(anchor="y", domain=[0.0, 1.0], matches="x2", showticklabels=False),
        yaxis=dict(anchor="x", domain=[0.58, 1.0], **units),
        xaxis2=dict(anchor="y2", domain=[0.0, 1.0], dtick=1, title=dict(text="step t")),
        yaxis2=dict(anchor="x2", domain=[0.0, 0.42], **units)))


def demo_figure(steps: float = 6, seed: float = 0) -> dict:
    """Validates the slider values (a message says what to do), then trace -> figure."""
    steps, seed = int(steps), int(seed)
    if not MIN_STEPS <= steps <= MAX_STEPS:
        raise gr.Error(f"steps must be from {MIN_STEPS} to {MAX_STEPS}; you chose {steps}.")
    return lstm_demo_figure(lstm_demo_steps(steps, seed), seed)


FIRST = Player("player-a", caption="Untrained LSTM, random inputs: the box marks the step being "
                "read; blank columns are steps not read yet. Keys: space play/pause, ← → step.")
SECOND = Player("player-b", frame_ms=500, loop=False,
                caption="A second player: 4 steps, seed 1, stops at the end.")


def new_figure(steps: float, seed: float) -> str:
    """Handler: a new figure for the first player (re-initialised in the browser)."""
    return FIRST.html(demo_figure(steps, seed))


def build_player_demo() -> gr.Blocks:
    """Two players, the second in a tab that is hidden at first, and a control that sends the
    first one a new figure (which re-initialises it in the browser)."""
    with gr.Blocks(title="Animation player demo", analytics_enabled=False) as demo:
        gr.Markdown("## Animation player\nEverything plays in the browser; "
                    "the weights are **untrained** (random), so the numbers mean nothing yet.")
        with gr.Row():
            steps = gr.Slider(MIN_STEPS, MAX_STEPS, value=6, step=1, label="steps",
                              elem_id="demo-steps")
            seed = gr.Number(0, precision=0, label="seed", elem_id="demo-seed")
            redraw = gr.Button("New figure", elem_id="demo-redraw", variant="primary")
        first = FIRST.component(demo_figure(6, 0))
        with gr.Tabs():
            with gr.Tab("About", id="about", elem_id="tab-about"):
                gr.Markdown("The next tab holds a second player, drawn when the tab opens.")
            with gr.Tab("Second player", id="second", elem_id="tab-second"):
                SECOND.component(demo_figure(4, 1))
        redraw.click(new_figure, [steps, seed], first, api_name="new_figure")
    return demo


if __name__ == "__main__":
    from explainer.ui.app import launch_kwargs
    build_player_demo().launch(**launch_kwargs())
