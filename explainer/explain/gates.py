"""The gates of a trained gated RNN on one sentence, read from its step records: an LSTM tagger's
(any layer and direction), or the GRU encoder of a shipped translator (either direction)."""
from __future__ import annotations

import time
from dataclasses import fields

import numpy as np
import torch
from torch import Tensor

from ..data.pairs import encode_source
from ..device import describe, gpu
from ..models.cells import RecurrentCell, Step
from ..models.decoding import source_tokens
from ..traces.gates import GateTrace, GRUGateTrace
from .pos import load_tagger
from .translation import load_translator


def _numpy(record: Step) -> dict[str, np.ndarray]:
    """Every field of a one-sentence record, (1, T, H) -> (T, H) float32 on the CPU."""
    return {f.name: getattr(record, f.name)[0].float().cpu().numpy().astype(np.float32)
            for f in fields(record)}


def _parts(cell: RecurrentCell, xs: Tensor, hidden: Tensor,
           direction: int) -> tuple[np.ndarray, np.ndarray]:
    """The cell's two affine maps of what each step read, per gate block: (T, gates, H) each.
    xs: (T, input_size), the layer's input; hidden: (T, H), the h_t the steps wrote."""
    zeros = hidden.new_zeros(1, hidden.shape[1])
    previous = (torch.cat([zeros, hidden[:-1]]) if direction == 0
                else torch.cat([hidden[1:], zeros]))              # h_prev, in sentence order
    xw, hw = cell._affine(xs, previous)                           # (T, gates*H) each
    T = len(xs)
    return tuple(p.reshape(T, cell.gates, cell.hidden_size).float().cpu().numpy()
                 for p in (xw, hw))


@gpu(duration=6)  # worst input: 0.12 s on one CPU thread (64 long words, best tagger's layer 2)
@torch.no_grad()
def explain_gates(tokens: list[str], model: str, layer: int = 0,
                  direction: int = 0) -> GateTrace:
    """The gates of the shipped tagger `model` (an LSTM one) at one layer and direction."""
    tagger = load_tagger(model)
    if not type(tagger.rnn.cell(0)).has_cell_state:   # the view shows c_t: LSTM-like cells
        raise ValueError(f"the {tagger.config.name} tagger has no gates: its cell is "
                         f"{tagger.config.cell}; choose an LSTM tagger")
    if not (0 <= layer < tagger.config.num_layers and
            0 <= direction < (2 if tagger.config.bidirectional else 1)):
        raise ValueError(f"the {tagger.config.name} tagger has {tagger.config.num_layers} "
                         f"layer(s) and {2 if tagger.config.bidirectional else 1} direction(s)")
    device = next(tagger.parameters()).device
    start = time.perf_counter()
    batch = tagger.encode([tokens]).to(device)
    records = tagger.explain(batch).records
    record = records[layer][direction]
    if layer == 0:                                    # what layer 1 read: the tagger's e_t
        chars = (tagger.chars.explain(batch.chars, batch.char_lengths)[0]
                 if tagger.chars is not None else None)
        xs = tagger._inputs(batch, chars)[0]
    else:                                             # [h forward ; h backward] of the layer below
        xs = torch.cat([r.hidden[0] for r in records[layer - 1]], dim=-1)
    parts = _parts(tagger.rnn.cell(layer, direction), xs, record.hidden[0], direction)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    return GateTrace(model=tagger.config.name, layer=layer, direction=direction,
                     tokens=tuple(tokens), device=describe(device), seconds=seconds,
                     input_part=parts[0], recurrent_part=parts[1], **_numpy(record))


@gpu(duration=6)  # worst input: 25 tokens, ~0.01 s on one CPU thread
@torch.no_grad()
def explain_gru_gates(text: str, model: str = "attention", direction: int = 0) -> GRUGateTrace:
    """The gates of the shipped translator `model`'s GRU encoder reading the English `text`, in
    one direction (0: left to right, 1: right to left). ValueError for an empty or too long
    text (users' text is checked, with a message for them, before it gets here)."""
    translator = load_translator(model)
    if direction not in (0, 1):
        raise ValueError(f"the encoder has 2 directions (0, 1), got {direction}")
    encoder = translator.encoder
    device = translator.device
    start = time.perf_counter()
    tokens = source_tokens(translator.vocab, text)
    source = encode_source(translator.vocab, tokens)[None].to(device)          # (1, S)
    lengths = torch.tensor([len(tokens)], device=device)
    _, _, _, records = encoder(source, lengths, step_loop=True)   # eval: dropout does nothing
    record = records[0][direction]
    xs = encoder.embedding(source)[0]                                          # (S, E)
    parts = _parts(encoder.rnn.cell(0, direction), xs, record.hidden[0], direction)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    known = translator.vocab.source.index_of
    return GRUGateTrace(model=translator.config.name, direction=direction, tokens=tuple(tokens),
                        unknown=tuple(t not in known for t in tokens),
                        device=describe(device), seconds=seconds, input_part=parts[0],
                        recurrent_part=parts[1], **_numpy(record))
