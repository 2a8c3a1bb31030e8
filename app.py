"""RNN Explainer: `python app.py` serves on 127.0.0.1:7860 (GRADIO_SERVER_NAME/PORT override)."""
import os

# numpy's OpenBLAS gets one thread per call, as torch does (explainer/ui/app.py): on a server's
# shared cores its threads spin against each other's (the taggers' PCA planes at start-up, three
# SVDs of 120 x 128, took 0.6-1.9 s each on 2 busy cores instead of 6 ms). OpenBLAS reads this
# when numpy loads, so it is set before any import.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from explainer.ui.app import build_app, launch_kwargs  # noqa: E402
from explainer.ui.errors import log_to_stderr  # noqa: E402

log_to_stderr()   # one line per refused input, a traceback only for a bug
demo = build_app()

if __name__ == "__main__":
    demo.launch(**launch_kwargs())
