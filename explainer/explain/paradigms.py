"""The gallery's mini-models on the user's input: each returns a trace of what it computed."""
from __future__ import annotations

import time

import numpy as np
import torch

from ..device import describe, gpu, shared_model
from ..models.charlm import CharLM
from ..models.isnoun import IsNoun
from ..models.langid import MAX_CHARS, LangID, normalize
from ..models.translator import Translator
from ..traces.paradigms import GenerationTrace, LanguageTrace, NounTrace
from ..traces.translation import DecodingTrace
from . import translation


@shared_model
def load_charlm() -> CharLM:
    return CharLM.load()


@shared_model
def load_langid() -> LangID:
    return LangID.load()


@shared_model
def load_isnoun() -> IsNoun:
    return IsNoun.load()


def load_translator() -> Translator:
    """The Translation tab's trained encoder/decoder with attention, the very same object (its
    card: assets/translate-attention.md)."""
    return translation.load_translator("attention")


def warm_up() -> None:
    """Load the models now (at start-up), not on a student's request."""
    load_charlm(), load_langid(), load_isnoun(), load_translator()


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


@gpu(duration=6)  # worst input: 0.01 s on one CPU thread (12 words of 40 letters)
@torch.no_grad()
def explain_nouns(words: list[str]) -> NounTrace:
    """Each word on its own: one input, one output."""
    model = load_isnoun()
    device = model.output.weight.device
    start = time.perf_counter()
    p = model.p_noun(words)
    _synchronize(device)
    seconds = time.perf_counter() - start
    split = [model.known_features(w) for w in words]
    return NounTrace(words=tuple(words), p_noun=p.numpy().astype(np.float32),
                     features=tuple(tuple(k) for k, _ in split),
                     ignored=tuple(tuple(i) for _, i in split), device=describe(device),
                     seconds=seconds)


@gpu(duration=6)  # worst input: 0.17 s on one CPU thread (400 characters)
@torch.no_grad()
def explain_generation(seed: str, length: int, temperature: float,
                       sample_seed: int) -> GenerationTrace:
    """One seed character in, `length` sampled characters out (validated by the model)."""
    model = load_charlm()
    device = model.head.weight.device
    start = time.perf_counter()
    out = model.generate(seed, length, temperature, torch.Generator().manual_seed(sample_seed))
    _synchronize(device)
    seconds = time.perf_counter() - start
    alphabet = model.config.alphabet
    return GenerationTrace(
        seed=seed, text=out.text, temperature=temperature, sample_seed=sample_seed,
        chosen_prob=out.chosen_prob.numpy().astype(np.float32),
        top_chars=tuple(tuple(alphabet[i] for i in row) for row in out.top_ids.tolist()),
        top_probs=out.top_probs.numpy().astype(np.float32), device=describe(device),
        seconds=seconds)


@gpu(duration=6)  # worst input: 0.04 s on one CPU thread (2,000 characters)
@torch.no_grad()
def explain_language(text: str) -> LanguageTrace:
    """p(English) after every prefix of the (normalised) text, from the step loop."""
    model = load_langid()
    device = model.classifier.weight.device
    start = time.perf_counter()
    ids, lengths = model.encode([text])
    steps = model.explain(ids.to(device), lengths)
    _synchronize(device)
    seconds = time.perf_counter() - start
    p_english = torch.softmax(steps.logits[0].float(), dim=-1)[:, 0].cpu().numpy()  # (T,)
    read = normalize(text)
    return LanguageTrace(text=read[:MAX_CHARS], unknown=(ids[0] == 1).numpy(),
                         p_english=p_english.astype(np.float32), cut=len(read) > MAX_CHARS,
                         device=describe(device), seconds=seconds)


def explain_encoder_decoder(text: str) -> DecodingTrace:
    """English in, French out, greedy, through the attention translator's step loop (the
    Translation tab's, on a GPU where one is lent). ValueError for an empty or too long text."""
    return translation.explain_translation(text, "attention", beam_size=0)
