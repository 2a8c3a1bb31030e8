"""The Gradio app: one build_<view>_tab() per view, assembled by explainer.ui.app.build_app."""
import os

# No request may leave the machine: Gradio's usage analytics are off before gradio is imported.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
