"""An English sentence through a trained translator, step by step, as a DecodingTrace."""
from __future__ import annotations

import time
from functools import lru_cache

import numpy as np
import torch

from ..device import choose_device, describe, gpu
from ..models.translate_search import explain
from ..models.translator import Translator
from ..traces.translation import DecodingTrace

SHIPPED_TRANSLATORS = ("attention", "plain")
TOP_K = 5


@lru_cache(maxsize=None)
def load_translator(name: str) -> Translator:
    """A shipped translator, loaded once, frozen, on the chosen device; shared by every user."""
    return Translator.load(name).to(choose_device())


@gpu
@torch.no_grad()
def explain_translation(text: str, translator: Translator, beam_size: int = 0) -> DecodingTrace:
    """Raises ValueError with what to do for empty or too long text."""
    start = time.perf_counter()
    trace = explain(translator, text, beam_size=beam_size, k=TOP_K)
    seconds = time.perf_counter() - start
    source_vocab = translator.vocab.source
    return DecodingTrace(
        model=translator.config.name if hasattr(translator.config, "name") else "",
        source=tuple(trace.source_tokens),
        unknown_source=np.array([t not in source_vocab.index_of for t in trace.source_tokens]),
        target=tuple(trace.target_tokens), text=trace.text,
        attention=None if trace.attention is None else trace.attention.float().numpy(),
        top_k_words=tuple(tuple(w for w, _ in step) for step in trace.top_k),
        top_k_probs=np.array([[p for _, p in step] for step in trace.top_k], dtype=np.float32),
        decoding=trace.decoding, device=describe(translator.device), seconds=seconds)
