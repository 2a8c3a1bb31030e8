"""The POS view's last part: upload the class's own tagged sentences, train, tag with it."""
from __future__ import annotations

from pathlib import Path

import gradio as gr

from ..data.tagged import DataFormatError, read_tagged
from ..explain.live import (CLASS_MIN_WORD_COUNT, LIVE_CONFIG, MAX_EPOCHS, MAX_SECONDS,
                            MAX_SENTENCES, UPLOAD_LIMITS, check_dataset, train_class_tagger)
from ..explain.pos import tagging_trace
from ..figures.pos import training_curve
from ..figures.pos_html import tagged_sentence
from ..paths import ASSETS
from .errors import InputError, handler
from .inputs import LIVE_TRAINING, read_sentence
from .player import plot

SAMPLE = ASSETS / "class-sample.tsv"

INTRO = f"""
### Your class's own dataset
Upload tagged sentences — a CSV/TSV with `word,tag` rows and a blank line between sentences (what
a spreadsheet exports), or CoNLL-U — and train a tagger of the slide tagger's architecture, at
classroom size ({LIVE_CONFIG.hidden_size} LSTM units), on them, live. Up to {MAX_SENTENCES}
sentences, {MAX_EPOCHS} epochs, {MAX_SECONDS:.0f} seconds. Your model is kept for your session
only; no one else can use it. No file? Use the sample: {{sample}} sentences this project wrote.
"""


def load_dataset(file) -> list:
    if file is None:
        raise InputError("Upload a .csv, .tsv or .conllu file first (or use the sample file).")
    path = Path(file if isinstance(file, str) else file.name)
    try:
        return check_dataset(read_tagged(path, UPLOAD_LIMITS))
    except DataFormatError as error:
        raise InputError(f"That file cannot be read: {error}")
    except ValueError as error:
        raise InputError(f"That file cannot be used: {error}.")


@handler
def train_class_model(file, epochs, progress=gr.Progress()):
    sentences = load_dataset(file)
    for curve, model in train_class_tagger(sentences, epochs=epochs):
        epoch = len(curve.losses)
        progress(epoch / int(epochs), desc=f"epoch {epoch}")
        status = (f"Epoch {epoch}: loss {curve.losses[-1]:.3f}, accuracy on your "
                  f"{len(sentences)} sentences {curve.accuracies[-1]:.1%} · {curve.seconds:.1f} s"
                  + (f" · stopped: {curve.stopped}" if curve.stopped else "")
                  + (" · **done** — tag a sentence with it below." if curve.done else ""))
        yield status, plot(training_curve(curve)), (model if curve.done else gr.skip())


@handler
def tag_with_class_model(text, model):
    if model is None:
        raise InputError("Train a model on your sentences first.")
    tokens, note = read_sentence(text)
    trace = tagging_trace(tokens, model, CLASS_MIN_WORD_COUNT)   # the session's own, on the CPU
    return tagged_sentence(trace) + (f"<p>⚠ {note}</p>" if note else "")


def build_class_section() -> None:
    gr.Markdown(INTRO.format(sample=len(read_tagged(SAMPLE, UPLOAD_LIMITS))))
    with gr.Row():
        upload = gr.File(label="tagged sentences (.csv, .tsv, .conllu)", elem_id="class-file",
                         file_types=[".csv", ".tsv", ".conllu", ".txt"], scale=2)
        with gr.Column(scale=1):
            sample = gr.Button("Use the sample file", elem_id="class-sample")
            epochs = gr.Slider(1, MAX_EPOCHS, value=10, step=1, label="epochs",
                               elem_id="class-epochs")
            train = gr.Button("Train the slide tagger", variant="primary", elem_id="class-train")
    status = gr.Markdown(elem_id="class-status")
    curve = gr.Plot(elem_id="class-curve", show_label=False)
    model = gr.State()
    with gr.Row():
        text = gr.Textbox("The clever robot reads two books .", label="Tag with your model",
                          scale=3, elem_id="class-text")
        go = gr.Button("Tag", scale=0, min_width=120, elem_id="class-tag")
    tagged = gr.HTML(elem_id="class-tagged")

    sample.click(lambda: str(SAMPLE), None, upload, api_name="pos_class_sample",
                 api_visibility="private")
    train.click(train_class_model, [upload, epochs], [status, curve, model],
                api_name="pos_train_class", show_progress="minimal", **LIVE_TRAINING)
    gr.on([go.click, text.submit], tag_with_class_model, [text, model], tagged,
          api_name="pos_class_tag", api_visibility="private")
