"""RNN Explainer: `python app.py` serves on 127.0.0.1:7860 (GRADIO_SERVER_NAME/PORT override)."""
from explainer.ui.app import build_app, launch_kwargs

demo = build_app()

if __name__ == "__main__":
    demo.launch(**launch_kwargs())
