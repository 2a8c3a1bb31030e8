"""An English sentence through a trained translator, step by step, as a DecodingTrace."""
from __future__ import annotations

import time

import numpy as np
import torch

from ..device import describe, gpu, shared_model
from ..models.decoding import DecodingSteps, explain
from ..models.translator import Translator
from ..traces.translation import DecodingTrace

SHIPPED_TRANSLATORS = ("attention", "plain")
TOP_K = 5


@shared_model
def load_translator(name: str) -> Translator:
    """A shipped translator, loaded once, frozen, on the chosen device; shared by every user
    and every view (the encoder/decoder paradigm runs the same "attention" one)."""
    return Translator.load(name)


def warm_up() -> None:
    """Load both translators now (at start-up), not on a student's request."""
    for name in SHIPPED_TRANSLATORS:
        load_translator(name)


def decoding_trace(steps: DecodingSteps, translator: Translator, seconds: float) -> DecodingTrace:
    """The views' numpy trace of what `explain` computed."""
    source_vocab = translator.vocab.source
    return DecodingTrace(
        model=translator.config.name, source=tuple(steps.source_tokens),
        unknown_source=np.array([t not in source_vocab.index_of for t in steps.source_tokens]),
        target=tuple(steps.target_tokens), text=steps.text,
        attention=None if steps.attention is None else steps.attention.float().numpy(),
        top_k_words=tuple(tuple(w for w, _ in step) for step in steps.top_k),
        top_k_probs=np.array([[p for _, p in step] for step in steps.top_k], dtype=np.float32),
        decoding=steps.decoding, device=describe(translator.device), seconds=seconds)


@gpu(duration=9)  # worst input: 0.69 s on one CPU thread (25 commas, beam 5)
@torch.no_grad()
def explain_translation(text: str, model: str, beam_size: int = 0) -> DecodingTrace:
    """Greedy (beam_size 0) or beam search with the shipped translator `model`, through the step
    loop. ValueError for an empty or too long text."""
    translator = load_translator(model)
    start = time.perf_counter()
    steps = explain(translator, text, beam_size=beam_size, k=TOP_K)  # its tensors are on the CPU
    return decoding_trace(steps, translator, time.perf_counter() - start)
