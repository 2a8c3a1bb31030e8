"""Advantages and disadvantages of recurrent networks, measured now on real models.

Each function runs something and returns a trace; nothing here is a stored result. Bounds keep
every call short (see the limits): lengths, repeats and sequence counts are capped by the view.
"""
from __future__ import annotations

import time
from functools import lru_cache

import numpy as np
import torch
from torch import nn

from ..data.examples import REFERENCE_SENTENCES
from ..data.gold_tags import gold_tags
from ..data.tokenizer import tokenize
from ..device import describe, gpu, shared_model
from ..models.delay import DelayCheckpoints, accuracy_by_delay
from ..models.tagger import Tagger
from ..traces.tradeoffs import DelayTrace, DirectionTrace, SizeTrace, TimingTrace
from .pos import load_tagger

EVAL_DELAYS = (1, 2, 3, 5, 8, 10, 15, 20, 30, 40, 60, 80)
ATTENTION_HEADS = 4


# ---- variable length, constant size ---------------------------------------------------------

def words_of_length(length: int) -> list[str]:
    """`length` real words: the reference sentences, one after the other, cut at `length`."""
    words = [w for s in REFERENCE_SENTENCES for w in tokenize(s)]
    return (words * (length // len(words) + 1))[:length]


def network_parameters(tagger: Tagger) -> int:
    """Parameters after the word-embedding tables (which an MLP would need too): RNN + output."""
    return sum(p.numel() for p in tagger.rnn.parameters()) + sum(
        p.numel() for p in tagger.classifier.parameters())


def mlp_parameters(length: int, input_size: int, hidden_size: int, n_tags: int,
                   outputs: int | None = None) -> int:
    """An MLP that reads `length` words at once: [e_1; ...; e_L] -> hidden -> outputs x n_tags
    (outputs = L: a tag for every word; 1: a window MLP's tag for its middle word)."""
    outputs = length if outputs is None else outputs
    mlp = nn.Sequential(nn.Linear(length * input_size, hidden_size, device="meta"), nn.Tanh(),
                        nn.Linear(hidden_size, outputs * n_tags, device="meta"))
    return sum(p.numel() for p in mlp.parameters())


@gpu(duration=7)  # worst input: 0.38 s on one CPU thread (64 lengths)
@torch.no_grad()
def measure_sizes(model: str, lengths: list[int], window: int = 5) -> SizeTrace:
    """Run the shipped tagger `model` on a sentence of every length; count what each model
    needs for it (the window MLP sees `window` words, the one it tags in the middle)."""
    tagger = load_tagger(model)
    device = next(tagger.parameters()).device
    shapes = []
    for length in lengths:
        logits = tagger(tagger.encode([words_of_length(length)]).to(device))  # (1, L, n_tags)
        shapes.append(tuple(logits.shape))
    c = tagger.config
    input_size, hidden = tagger.rnn.config.input_size, tagger.rnn.output_size
    return SizeTrace(
        lengths=np.array(lengths), rnn_parameters=network_parameters(tagger),
        rnn_outputs=tuple(shapes),
        mlp_parameters=np.array([mlp_parameters(n, input_size, hidden, c.n_tags)
                                 for n in lengths]),
        window=window, window_parameters=mlp_parameters(window, input_size, hidden, c.n_tags, 1),
        input_size=input_size, hidden_size=hidden, n_tags=c.n_tags, model=c.name)


# ---- slower to compute ------------------------------------------------------------------------

def _seconds(fn, device: torch.device) -> float:
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    fn()
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


@lru_cache(maxsize=4)
def attention_layer(width: int, heads: int, device: str) -> nn.MultiheadAttention:
    """Untrained (seeded): how long a layer takes does not depend on what it learned."""
    with torch.random.fork_rng(devices=[]):      # seed it without touching anyone's RNG state
        torch.manual_seed(0)
        return nn.MultiheadAttention(width, heads, batch_first=True).to(device).eval()


@gpu(duration=8)  # worst input: 0.55 s on one CPU thread (5 repeats)
@torch.no_grad()
def measure_speed(model: str, lengths: list[int], repeats: int) -> TimingTrace:
    """Seconds to read one sequence of each length: the shipped tagger `model`'s own LSTM as a
    step loop and as torch's fused kernel, and one self-attention layer as wide as its input."""
    tagger = load_tagger(model)
    device = next(tagger.parameters()).device
    rnn, width = tagger.rnn, tagger.rnn.config.input_size
    attention = attention_layer(width, ATTENTION_HEADS, str(device))
    generator = torch.Generator().manual_seed(0)
    loop, fused, attend = [], [], []
    for length in lengths:
        x = torch.randn(1, length, width, generator=generator).to(device)   # (1, L, width)
        n = torch.tensor([length])
        runs = {"loop": lambda: rnn(x), "fused": lambda: rnn.forward_fused(x, n),
                "attention": lambda: attention(x, x, x, need_weights=False)}
        for fn in runs.values():       # one untimed warm-up each (allocations, kernel choice)
            fn()
        times = {name: [_seconds(fn, device) for _ in range(repeats)] for name, fn in runs.items()}
        loop.append(times["loop"]), fused.append(times["fused"]), attend.append(times["attention"])
    return TimingTrace(lengths=np.array(lengths), rnn_loop=np.array(loop),
                       rnn_fused=np.array(fused), attention=np.array(attend), width=width,
                       heads=ATTENTION_HEADS, device=describe(device))


# ---- long-term dependencies -------------------------------------------------------------------

@shared_model
def load_delay(cell: str) -> DelayCheckpoints:
    return DelayCheckpoints.load(cell)


def warm_up() -> None:
    """Load both delay networks now (at start-up), not on a student's request."""
    load_delay("elman"), load_delay("lstm")


@gpu(duration=12)  # worst input: 1.32 s on one CPU thread (512 sequences per delay)
@torch.no_grad()
def measure_delays(step: int, per_delay: int, seed: int,
                   delays: tuple[int, ...] = EVAL_DELAYS) -> DelayTrace:
    """Both shipped networks after `step` training steps, scored on fresh sequences."""
    elman, lstm = load_delay("elman"), load_delay("lstm")
    if step not in elman.steps:
        raise ValueError(f"no checkpoint at step {step}; the shipped ones are {elman.steps}")
    start = time.perf_counter()
    scores = {cell.config.cell: accuracy_by_delay(cell.at(step), list(delays), per_delay, seed)
              for cell in (elman, lstm)}
    return DelayTrace(delays=np.array(delays), elman=np.array(scores["elman"]),
                      lstm=np.array(scores["lstm"]), step=step, steps=elman.steps,
                      trained_up_to=elman.config.max_delay, per_delay=per_delay, seed=seed,
                      hidden_size=elman.config.hidden_size,
                      device=describe(next(elman.parameters()).device),
                      seconds=time.perf_counter() - start)


# ---- future inputs ----------------------------------------------------------------------------

def _tag_probs(tagger: Tagger, sentences: list[list[str]]) -> torch.Tensor:
    """Softmax over tags from the step loop: (B, T, n_tags)."""
    batch = tagger.encode(sentences).to(next(tagger.parameters()).device)
    return torch.softmax(tagger.explain(batch).logits.float(), dim=-1).cpu()


# Prefixes tagged in one batch: the best tagger's step loop keeps ~6 MB of records per prefix
# of 40 long words, so all of a sentence's prefixes at once held ~80 MB.
PREFIX_BATCH = 6


def _prefix_change(tagger: Tagger, tokens: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tags and their p on the whole sentence, and for every word t, how much its tag
    distribution moves when the words after t are removed (max |difference|)."""
    full = _tag_probs(tagger, [tokens])[0]                                  # (T, n_tags)
    own = []                                                                # T x (n_tags,)
    for start in range(0, len(tokens), PREFIX_BATCH):
        ends = range(start + 1, min(start + PREFIX_BATCH, len(tokens)) + 1)
        prefixes = _tag_probs(tagger, [tokens[:end] for end in ends])       # (B, end, n)
        own += [prefixes[i, end - 1] for i, end in enumerate(ends)]
    own = torch.stack(own)                                                  # (T, n_tags)
    best = full.argmax(-1)
    return (tagger.vocab.tags.decode(best.tolist()), full.max(-1).values.numpy(),
            (full - own).abs().max(-1).values.numpy())


@gpu(duration=9)  # worst input: 0.74 s on one CPU thread (32 long words)
@torch.no_grad()
def compare_directions(tokens: list[str], forward: str, both: str) -> DirectionTrace:
    """The shipped taggers `forward` (left to right) and `both` (bidirectional) on `tokens`."""
    forward, both = load_tagger(forward), load_tagger(both)
    f_tags, f_prob, f_change = _prefix_change(forward, tokens)
    b_tags, b_prob, b_change = _prefix_change(both, tokens)
    return DirectionTrace(tokens=tuple(tokens), forward_tags=tuple(f_tags),
                          both_tags=tuple(b_tags), forward_prob=f_prob.astype(np.float32),
                          both_prob=b_prob.astype(np.float32),
                          forward_prefix_change=f_change.astype(np.float32),
                          both_prefix_change=b_change.astype(np.float32),
                          device=describe(next(forward.parameters()).device),
                          gold=gold_tags(tokens))
