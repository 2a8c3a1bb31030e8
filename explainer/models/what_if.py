"""What-if decoding: the attention translator's own step loop, with one thing set by hand.

Force attention (Seq2Seq-Vis's "apply attention", Strobelt et al. 2018): replay the words a
translation chose up to step t, set that step's attention row a_t by hand (all of it on one
source position: then c_t = h_j exactly), and let the decoder go on greedily from there.

Forced prefix: feed the decoder the start of the French a user typed, word by word, as if it
had chosen them, then let it go on greedily; p(each typed word) shows how it copes.

    force_attention(model, "I love purple cats.", chosen_ids, step=3, weights=one_hot)
    continue_prefix(model, "I love purple cats.", "J'aime les chats mauves")
"""
from __future__ import annotations

import dataclasses

import torch
from torch import Tensor

from ..data.pair_text import normalize_text
from ..data.pairs import EOS, EOS_ID, UNK_ID
from .decoding import MAX_EXPLAINED_STEPS, DecodingSteps, _encoded, _stepped, steps_of
from .translator import Translator

MAX_PREFIX_TOKENS = 20       # a typed prefix, in the model's French tokens


@torch.no_grad()
def force_attention(model: Translator, text: str, chosen: list[int], step: int,
                    weights: Tensor, k: int = 5) -> DecodingSteps:
    """Re-decode `text`: the ids `chosen` up to `step` (0-based), then at `step` the attention
    row `weights` (S,) instead of the computed one, then greedy. weights must sum to 1."""
    if not model.config.attention:
        raise ValueError("force_attention: the plain model has no attention to force")
    tokens, memory, records, limit = _encoded(model, text)
    if weights.shape != (len(tokens),) or not torch.isclose(weights.sum(), torch.tensor(1.0)) \
            or bool((weights < 0).any()):
        raise ValueError(f"force_attention: expected {len(tokens)} non-negative weights summing "
                         f"to 1, got {tuple(weights.shape)}")
    if not 0 <= step < min(len(chosen), limit):
        raise ValueError(f"force_attention: step must be from 0 to {len(chosen) - 1}, got {step}")
    ids, steps = _stepped(model, memory, chosen[:step], limit, continued=True,
                          forced={step: weights.float()})
    decoding = f"step {step + 1}'s attention set by hand, then greedy"
    if ids[-1] != EOS_ID:
        decoding += f", stopped after {len(ids)} words without an end"
    return steps_of(model, tokens, memory, records, ids, steps, decoding, k)


@torch.no_grad()
def continue_prefix(model: Translator, text: str, prefix: str, k: int = 5) -> DecodingSteps:
    """Decode `text` with the French `prefix` fed as the first tokens (a token outside the
    vocabulary is fed as <unk>), then greedy. The result's tokens start with the prefix's tokens
    and its text with the prefix as typed (spaces collapsed)."""
    typed = model.vocab.target_tokens(prefix)
    if not 0 < len(typed) <= MAX_PREFIX_TOKENS:
        raise ValueError(f"continue_prefix: expected 1 to {MAX_PREFIX_TOKENS} tokens, got "
                         f"{len(typed)}")
    tokens, memory, records, limit = _encoded(model, text)
    limit = min(max(limit, len(typed) + 10), MAX_EXPLAINED_STEPS)
    ids, steps = _stepped(model, memory, model.vocab.target.encode(typed), limit, continued=True)
    decoding = f"{len(typed)} tokens typed, then greedy"
    if ids[-1] != EOS_ID:
        decoding += f", stopped after {len(ids)} words without an end"
    result = steps_of(model, tokens, memory, records, ids, steps, decoding, k)
    written = typed + result.target_tokens[len(typed):]               # typed tokens, not <unk>
    whole = model.vocab.target_text([t for t in written if t != EOS])
    start = model.vocab.target_text(typed)
    prefix = normalize_text(prefix)
    text = prefix + whole[len(start):] if whole.startswith(start) else whole
    return dataclasses.replace(result, target_tokens=written, text=text)


def unknown_ids(model: Translator, tokens: list[str]) -> list[str]:
    """The tokens the French vocabulary does not hold (fed as <unk>)."""
    return [t for t, i in zip(tokens, model.vocab.target.encode(tokens)) if i == UNK_ID]


__all__ = ["MAX_EXPLAINED_STEPS", "MAX_PREFIX_TOKENS", "continue_prefix", "force_attention",
           "unknown_ids"]
