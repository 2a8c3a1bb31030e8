"""Pure figure builders: (trace, options) -> plotly Figure. Never import gradio, never run a model."""
