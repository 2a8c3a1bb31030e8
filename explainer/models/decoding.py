"""Decoding with a `Translator`: greedy, beam search, and every step of one translation.

Greedy: at each step take the most probable word, y_t = argmax_w p(w | y_<t, x), until </s>.
Beam search (as in Sutskever et al. 2014; Bahdanau et al. 2015): keep the `beam_size` most
probable partial translations; a hypothesis ends at </s>; finished ones are ranked by their
log-probability per word, log p(y | x) / |y|^alpha (alpha = 1: the mean; 0: no normalisation).

Every function loops over `Decoder.forward`, the same step that training used.

    model = Translator.load("attention")
    translate(model, "I love Paris!")                      # 'J'adore Paris !'
    steps = explain(model, "I love Paris!", beam_size=0)   # greedy; see DecodingSteps
    steps.attention                                        # (T, S) target x source
    steps.top_k[0]                                         # [("j'", 0.91), ("je", 0.05), ...]

explainer.explain.translation turns DecodingSteps into the views' DecodingTrace (numpy).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import torch
from torch import Tensor

from ..data.pair_text import english_words
from ..data.pairs import (BOS_ID, EOS, EOS_ID, MAX_SOURCE_CHARS, MAX_SOURCE_TOKENS,
                          MAX_SOURCE_WORDS, PAD_ID, PairVocab, collate_pairs, encode_source)
from .cells import GRUStep, Step
from .translator import DecoderStep, Memory, Translator


# One user's request: the decoder writes at most this many words (the longest French sentence
# trained on has 32 tokens), so a sentence that never ends costs 40 steps, not 2S + 10; and a
# beam keeps at most this many hypotheses. Bulk evaluation keeps max_target_length.
MAX_EXPLAINED_STEPS = 40
MAX_BEAM_SIZE = 8


def max_target_length(source_length: int) -> int:
    """A translation may be at most this long (French runs ~1.2x English, plus slack)."""
    return 2 * source_length + 10


def _source_batch(model: Translator, sources: list[list[str]]) -> tuple[Tensor, Tensor]:
    ids = [encode_source(model.vocab, s or ["<unk>"]) for s in sources]
    batch = collate_pairs(ids, [torch.tensor([BOS_ID, EOS_ID])] * len(ids))
    return batch.source.to(model.device), batch.source_lengths.to(model.device)


def ids_to_tokens(model: Translator, ids: list[int]) -> list[str]:
    """Output ids -> French tokens, stopping at </s>."""
    out = []
    for i in ids:
        if i == EOS_ID or i == PAD_ID:
            break
        out.append(model.vocab.target.tokens[i])
    return out


# ---- greedy -----------------------------------------------------------------------------------

def greedy_ids(model: Translator, memory: Memory, max_length: int) -> Tensor:
    """(B, T) chosen ids; after a sentence's </s> its row is <pad>."""
    state = model.decoder.initial_state(memory)
    prev = torch.full((len(memory.summary),), BOS_ID, dtype=torch.long, device=model.device)
    done = torch.zeros_like(prev, dtype=torch.bool)
    chosen = []
    for _ in range(max_length):
        state, step = model.decoder(prev, state, memory)
        prev = step.logits.argmax(dim=-1).masked_fill(done, PAD_ID)      # (B,)
        chosen.append(prev)
        done |= prev == EOS_ID
        if bool(done.all()):
            break
    return torch.stack(chosen, dim=1)


def _encoded_by_length(model: Translator, sources: list[list[str]], batch_size: int):
    """Batches of sentences of similar length, encoded: (their indices in `sources`, the
    encoder's memory, the batch's source length), for bulk evaluation."""
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        source, lengths = _source_batch(model, [sources[i] for i in chunk])
        memory, _ = model.encode(source, lengths)
        yield chunk, memory, source.shape[1]


@torch.no_grad()
def greedy(model: Translator, sources: list[list[str]], batch_size: int = 256,
           cap: int = 10**6) -> list[list[str]]:
    """French tokens for many tokenised English sentences, batched by length (bulk evaluation;
    at most `cap` tokens each)."""
    out: list[list[str]] = [[] for _ in sources]
    for chunk, memory, source_length in _encoded_by_length(model, sources, batch_size):
        ids = greedy_ids(model, memory, min(max_target_length(source_length), cap)).cpu()
        for row, i in zip(ids.tolist(), chunk):
            out[i] = ids_to_tokens(model, row)
    return out


# ---- beam search ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hypothesis:
    ids: list[int]           # chosen target ids, ending with </s> when finished
    log_probability: float   # log p(ids | x)
    score: float             # log_probability / len(ids) ** alpha: what the beam ranks by


@dataclass(frozen=True)
class BeamNode:
    """One hypothesis a beam kept (or ended) at one step: its prefix is its parent's plus `id`."""
    step: int                    # 0-based output position of `id`
    parent: int                  # index of the parent node in the tree; -1: the start <s>
    id: int                      # the word (piece) this hypothesis added
    log_probability: float       # log p(prefix | x), summed over its words
    attention: Tensor | None     # (S,) the a_t of the step that chose `id`; None: plain model
    ended: bool                  # `id` is </s>: a finished hypothesis


def _advance(candidates, sequences, finished, beam_size, alpha, vocab_size):
    """One sentence's step of the beam: candidates are its 2K best (log p, flat index) pairs,
    best first; hypotheses ending in </s> among the first K go to `finished`; returns the K best
    others as (row, word, log p, ids), and the ended ones as (row, log p)."""
    kept, ended = [], []
    for rank, (value, index) in enumerate(candidates):
        if value == float("-inf"):
            continue
        row, word = divmod(index, vocab_size)
        ids = sequences[row] + [word]
        if word == EOS_ID:
            if rank < beam_size:   # an ending counts only among the K best (so K = 1 is greedy)
                finished.append(Hypothesis(ids, value, value / len(ids) ** alpha))
                ended.append((row, value))
        elif len(kept) < beam_size:
            kept.append((row, word, value, ids))
    return kept, ended


def beam_ids(model: Translator, memory: Memory, beam_size: int, max_length: int,
             alpha: float = 1.0, tree: list[BeamNode] | None = None) -> list[list[Hypothesis]]:
    """Finished hypotheses, best first, for each of the B sentences in `memory`. Each sentence
    keeps K = beam_size live hypotheses (rows b*K .. b*K+K-1) until K have ended in </s>.
    With `tree` (one sentence), every hypothesis kept or ended at each step is appended to it."""
    B, K, device = len(memory.summary), beam_size, model.device
    if tree is not None and B != 1:
        raise ValueError(f"beam_ids: a tree is recorded for one sentence, got {B}")
    memory = memory.repeat(K)                                            # (B*K, ...)
    state = model.decoder.initial_state(memory)                          # (B*K, Hd)
    prev = torch.full((B * K,), BOS_ID, dtype=torch.long, device=device)
    totals = torch.full((B, K), float("-inf"), device=device)            # log p so far
    totals[:, 0] = 0.0                                                   # one live start each
    sequences = [[[] for _ in range(K)] for _ in range(B)]
    finished: list[list[Hypothesis]] = [[] for _ in range(B)]
    nodes = [-1] * K                 # the tree node of each live row (tree only)
    live = list(range(B))
    for t in range(max_length):
        state, step = model.decoder(prev, state, memory)
        logp = torch.log_softmax(step.logits, dim=-1).view(B, K, -1)     # (B, K, V)
        V = logp.shape[-1]
        values, flat = (totals[..., None] + logp).view(B, K * V).topk(2 * K, dim=-1)
        values, flat = values.tolist(), flat.tolist()
        rows, words = [b * K for b in range(B) for _ in range(K)], [PAD_ID] * (B * K)
        new_totals = [[float("-inf")] * K for _ in range(B)]
        for b in list(live):
            kept, ended = _advance(zip(values[b], flat[b]), sequences[b], finished[b], K, alpha,
                                   V)
            if tree is not None:
                nodes = _grow(tree, t, nodes, step.attention, kept, ended)
            if len(finished[b]) >= K or not kept:
                live.remove(b)
                continue
            for j, (row, word, value, ids) in enumerate(kept):
                rows[b * K + j], words[b * K + j], new_totals[b][j] = b * K + row, word, value
            sequences[b] = [ids for _, _, _, ids in kept] + [[]] * (K - len(kept))
        if not live:
            break
        state = state[torch.tensor(rows, device=device)]
        prev = torch.tensor(words, device=device)
        totals = torch.tensor(new_totals, device=device)
    for b in live:   # ran out of length: rank the unfinished ones the same way
        finished[b] += [Hypothesis(s, t, t / len(s) ** alpha)
                        for s, t in zip(sequences[b], totals[b].tolist()) if s]
    return [sorted(f, key=lambda h: -h.score) for f in finished]


def _grow(tree: list[BeamNode], t: int, nodes: list[int], attention: Tensor | None,
          kept, ended) -> list[int]:
    """Append step t's ended and kept hypotheses to `tree`; returns the new rows' node indices."""
    def add(row, word, value, done):
        row_attention = None if attention is None else attention[row].detach().float().cpu()
        tree.append(BeamNode(t, nodes[row], word, value, row_attention, done))
        return len(tree) - 1

    for row, value in ended:
        add(row, EOS_ID, value, True)
    return [add(row, word, value, False) for row, word, value, _ in kept] \
        + [-1] * (len(nodes) - len(kept))


@torch.no_grad()
def beam_search(model: Translator, source: list[str], beam_size: int = 5,
                alpha: float = 1.0) -> list[Hypothesis]:
    return beam_many(model, [source], beam_size, alpha)[0]


@torch.no_grad()
def beam_many(model: Translator, sources: list[list[str]], beam_size: int = 5,
              alpha: float = 1.0, batch_size: int = 64,
              cap: int = 10**6) -> list[list[Hypothesis]]:
    """Beam search for many tokenised sentences, batched by length (bulk evaluation; at most
    `cap` tokens each)."""
    out: list[list[Hypothesis]] = [[] for _ in sources]
    for chunk, memory, source_length in _encoded_by_length(model, sources, batch_size):
        found = beam_ids(model, memory, beam_size, min(max_target_length(source_length), cap),
                         alpha)
        for i, hypotheses in zip(chunk, found):
            out[i] = hypotheses
    return out


# ---- every step of one translation ------------------------------------------------------------

@dataclass(frozen=True)
class DecodingSteps:
    """One sentence translated, step by step (S source tokens, T output steps). On the CPU."""
    source_tokens: list[str]              # (S) what the encoder read
    target_tokens: list[str]              # (T) what the decoder wrote; ends with "</s>" if done
    text: str                             # the detokenised, cased French
    attention: Tensor | None              # (T, S) a_tj, rows sum to 1; None for the plain model
    top_k: list[list[tuple[str, float]]]  # T lists of k (word, probability), most probable first
    probabilities: Tensor                 # (T,) p(chosen word) at each step
    annotations: Tensor                   # (S, 2He) the encoder's h_j
    encoder_records: list[list[GRUStep]]  # [layer][direction], fields (S, He)
    steps: list[DecoderStep]              # T records; fields without the batch axis
    decoding: str                         # "greedy" or "beam search (5)"
    tree: list[BeamNode]                  # every hypothesis the beam kept (greedy: one path)


def source_tokens(vocab: PairVocab, text: str) -> list[str]:
    """English text as the encoder's tokens (subword pieces). Users' text is checked (with a
    message for them) before it gets here; this guard keeps an empty or over-long source out of
    the model, and counts characters before it tokenises anything."""
    text = text.strip()
    if len(text) > MAX_SOURCE_CHARS:
        raise ValueError(f"source_tokens: expected at most {MAX_SOURCE_CHARS} characters, got "
                         f"{len(text)}")
    tokens = vocab.source_tokens(text)
    if not tokens or english_words(text) > MAX_SOURCE_WORDS or len(tokens) > MAX_SOURCE_TOKENS:
        raise ValueError(f"source_tokens: expected 1 to {MAX_SOURCE_WORDS} English words and "
                         f"{MAX_SOURCE_TOKENS} tokens, got {english_words(text)} words "
                         f"({len(tokens)} tokens)")
    return tokens


def _cpu(tensor: Tensor | None) -> Tensor | None:
    """The first (only) sentence of a batch, on the CPU."""
    return None if tensor is None else tensor[0].detach().cpu()


def _record_cpu(record: Step) -> Step:
    return type(record)(**{f.name: _cpu(getattr(record, f.name)) for f in fields(record)})


def _stepped(model: Translator, memory: Memory, chosen: list[int] | None, max_length: int,
             continued: bool = False,
             forced: dict[int, Tensor] | None = None) -> tuple[list[int], list[DecoderStep]]:
    """Run the decoder one step at a time and keep each step's record: feeding back the words
    `chosen` (a beam's best hypothesis, or a forced prefix), and with None, or after them when
    `continued`, each step's most probable word (greedy, the same words as greedy_ids) until
    </s> or max_length. forced {step: (S,) weights} sets those steps' attention by hand.
    Returns (ids, records)."""
    chosen, forced = chosen or [], forced or {}
    length = max_length if continued or not chosen else len(chosen)
    state = model.decoder.initial_state(memory)
    prev, ids, steps = BOS_ID, [], []
    for t in range(length):
        row = forced.get(t)
        state, step = model.decoder(torch.tensor([prev], device=model.device), state, memory,
                                    None if row is None else row[None].to(model.device))
        steps.append(DecoderStep(_cpu(step.logits), _cpu(step.attention), _cpu(step.context),
                                 _cpu(step.hidden), _record_cpu(step.gru)))
        prev = chosen[t] if t < len(chosen) else int(step.logits[0].argmax())
        ids.append(prev)
        if t >= len(chosen) - 1 and prev == EOS_ID:
            break
    return ids, steps


def _path(ids: list[int], steps: list[DecoderStep]) -> list[BeamNode]:
    """Greedy decoding as a beam tree: one node per step, each the previous one's child."""
    total, nodes = 0.0, []
    for t, (i, step) in enumerate(zip(ids, steps)):
        total += float(torch.log_softmax(step.logits.float(), dim=-1)[i])
        attention = None if step.attention is None else step.attention.float()
        nodes.append(BeamNode(t, t - 1, i, total, attention, i == EOS_ID))
    return nodes


def _encoded(model: Translator, text: str) -> tuple[list[str], Memory, list, int]:
    """(source tokens, the encoder's memory, its step records, the request's step limit)."""
    tokens = source_tokens(model.vocab, text)
    source, lengths = _source_batch(model, [tokens])
    memory, records = model.encode(source, lengths, step_loop=True)
    return tokens, memory, records, min(max_target_length(len(tokens)), MAX_EXPLAINED_STEPS)


def steps_of(model: Translator, tokens: list[str], memory: Memory, records, ids: list[int],
             steps: list[DecoderStep], decoding: str, k: int = 5,
             tree: list[BeamNode] | None = None) -> DecodingSteps:
    """The DecodingSteps of a decoded sentence: each step's top-k words, p(chosen word)."""
    probs = torch.stack([s.logits.softmax(-1) for s in steps])          # (T, V)
    best = probs.topk(min(k, probs.shape[1]), dim=-1)
    words = model.vocab.target.tokens
    top_k = [[(words[i], p) for i, p in zip(row_i, row_p)]
             for row_i, row_p in zip(best.indices.tolist(), best.values.tolist())]
    target = [words[i] for i in ids]
    return DecodingSteps(
        source_tokens=tokens, target_tokens=target,
        text=model.vocab.target_text([w for w in target if w != EOS]),
        attention=torch.stack([s.attention for s in steps]) if model.config.attention else None,
        top_k=top_k, probabilities=probs[torch.arange(len(ids)), torch.tensor(ids)],
        annotations=memory.annotations[0].cpu(),
        encoder_records=[[_record_cpu(r) for r in layer] for layer in records],
        steps=steps, decoding=decoding, tree=tree or [])


@torch.no_grad()
def explain(model: Translator, text: str, beam_size: int = 0, k: int = 5) -> DecodingSteps:
    """Translate `text` through the traceable step loop and return every step's numbers.
    beam_size 0 or 1: greedy; otherwise the beam's best hypothesis, replayed step by step.
    At most MAX_EXPLAINED_STEPS words are written; `decoding` says when a limit cut it short."""
    if model.training:
        raise RuntimeError("explain() shows the trained model: call .eval() first "
                           "(Translator.load returns an eval-mode model)")
    if not 0 <= beam_size <= MAX_BEAM_SIZE:
        raise ValueError(f"explain: beam_size must be from 0 to {MAX_BEAM_SIZE}, got {beam_size}")
    tokens, memory, records, limit = _encoded(model, text)
    tree: list[BeamNode] = []
    if beam_size > 1:
        best = beam_ids(model, memory, beam_size, limit, tree=tree)[0][0].ids
        ids, steps = _stepped(model, memory, best, limit)
        decoding = f"beam search ({beam_size})"
    else:   # the step loop's own argmax: a single path, the tree a beam of one would grow
        ids, steps = _stepped(model, memory, None, limit)
        tree = _path(ids, steps)
        decoding = "greedy"
    if ids[-1] != EOS_ID:
        decoding += f", stopped after {len(ids)} words without an end"
    return steps_of(model, tokens, memory, records, ids, steps, decoding, k, tree)


@torch.no_grad()
def translate(model: Translator, text: str, beam_size: int = 5) -> str:
    """The French for a user's English sentence, cased and spaced (at most MAX_EXPLAINED_STEPS
    words, as `explain` writes)."""
    tokens = source_tokens(model.vocab, text)
    source, lengths = _source_batch(model, [tokens])
    memory, _ = model.encode(source, lengths)
    limit = min(max_target_length(len(tokens)), MAX_EXPLAINED_STEPS)
    if beam_size > 1:
        ids = beam_ids(model, memory, beam_size, limit)[0][0].ids
    else:
        ids = greedy_ids(model, memory, limit)[0].tolist()
    return model.vocab.target_text(ids_to_tokens(model, ids))


@torch.no_grad()
def translate_many(model: Translator, texts: list[str],
                   beam_size: int = 5) -> list[tuple[str, list[str]]]:
    """(French, its tokens) for several sentences at once (one batch), each as `translate`
    writes it (greedy: the same words; a beam cut by the length limit may rank differently)."""
    if not 0 <= beam_size <= MAX_BEAM_SIZE:
        raise ValueError(f"translate_many: beam_size must be from 0 to {MAX_BEAM_SIZE}, got "
                         f"{beam_size}")
    sources = [source_tokens(model.vocab, text) for text in texts]
    if beam_size > 1:
        written = [ids_to_tokens(model, found[0].ids) for found in
                   beam_many(model, sources, beam_size, cap=MAX_EXPLAINED_STEPS)]
    else:
        written = greedy(model, sources, cap=MAX_EXPLAINED_STEPS)
    # the batch ran to its longest sentence's limit: each keeps its own, as `translate` does
    written = [tokens[:min(max_target_length(len(source)), MAX_EXPLAINED_STEPS)]
               for tokens, source in zip(written, sources)]
    return [(model.vocab.target_text(tokens), tokens) for tokens in written]
