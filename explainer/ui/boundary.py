"""One answer to every request: each value a request sends is checked against the component that
receives it (a text box gets text, a slider a finite number in its range, a radio one of its
choices ...) before Gradio reads it, and whatever still fails while Gradio reads the values or
writes the answer becomes a short message instead of Gradio's opaque `error: null`.

This covers every event of the app, the ones with no API name too (a word picker's select, the
examples, the lambdas), whether or not it preprocesses: they all pass through
Blocks.preprocess_data and Blocks.postprocess_data (gradio 6.31), which check_requests wraps.
The handlers then check what the values mean (ui/inputs.py).
"""
from __future__ import annotations

import gradio as gr
from gradio.exceptions import InvalidPathError

from .errors import InputError, answered
from .inputs import choice_value, file_value, flag, number_value, text_value, whole_number

UNREADABLE = ("This view cannot read the values sent: send each as the page does (the API page "
              "lists their types).")
NOT_UPLOADED = ("The file named in this request was not uploaded to this server: upload it with "
                "the page's file box.")


def _name(block) -> str:
    return f"“{block.label}”" if getattr(block, "label", None) else type(block).__name__


def raw_value(block, value):
    """`value` as `block` may receive it (a radio's "5" read as its choice 5), or an InputError.
    Components this app does not take as input pass unchecked: Gradio's reading of them is
    still answered with a message (check_requests)."""
    name = _name(block)
    if isinstance(block, gr.State):
        return value                       # Gradio ignores it: the session's own state is used
    if isinstance(block, gr.Textbox):
        return text_value(name, value)
    if isinstance(block, gr.Slider):
        return number_value(name, value, block.minimum, block.maximum, empty=False)
    if isinstance(block, gr.Number):
        return number_value(name, value, block.minimum, block.maximum)
    if isinstance(block, gr.Checkbox):
        return flag(name, value)
    if isinstance(block, (gr.Radio, gr.Dropdown)):
        return choice_value(name, value, block.choices)
    if isinstance(block, gr.File):
        return file_value(name, value)
    if isinstance(block, gr.Dataset):      # an example's index
        return whole_number("The example", value, 0, len(block.raw_samples) - 1)
    return value


def check_requests(demo: gr.Blocks) -> None:
    """Wrap `demo`'s reading and writing of values: the raw checks first, then Gradio's own
    preprocessing; a failure in either, or in writing the answer, is answered with a message."""
    preprocess, postprocess = demo.preprocess_data, demo.postprocess_data

    async def checked_preprocess(block_fn, inputs, state, explicit_call=False):
        with answered(f"{block_fn.api_name or block_fn.name} (reading the request)"):
            if len(inputs) == len(block_fn.inputs):
                # a component an earlier answer of this session updated (a slider's range, a
                # radio's choices) is checked as the session holds it, as Gradio reads it
                blocks = [state[b._id] if state is not None and not b.stateful
                          and b._id in state else b for b in block_fn.inputs]
                inputs = [raw_value(b, v) for b, v in zip(blocks, inputs)]
            try:
                return await preprocess(block_fn, inputs, state, explicit_call)
            except InvalidPathError:          # a path outside Gradio's upload folder
                raise InputError(NOT_UPLOADED) from None
            except (gr.Error, InputError):
                raise
            except Exception as error:        # what the raw checks let through: the request's
                raise InputError(f"{UNREADABLE} ({type(error).__name__})") from None

    async def checked_postprocess(block_fn, predictions, state):
        with answered(f"{block_fn.api_name or block_fn.name} (writing the answer)"):
            return await postprocess(block_fn, predictions, state)

    demo.preprocess_data = checked_preprocess
    demo.postprocess_data = checked_postprocess
