"""Pure figure builders: (trace, options) -> figure dict in plotly's schema. Never gradio, torch
or a model."""
