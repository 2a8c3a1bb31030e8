"""The gates of a trained tagger's LSTM on one sentence, read from its step records."""
from __future__ import annotations

import time
from dataclasses import fields

import numpy as np
import torch

from ..device import describe, gpu
from ..models.cells import LSTMStep
from ..traces.gates import GateTrace
from .pos import load_tagger


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
    record: LSTMStep = tagger.explain(batch).records[layer][direction]
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    arrays = {f.name: getattr(record, f.name)[0].float().cpu().numpy().astype(np.float32)
              for f in fields(record)}                  # gates, then c_t and h_t: (T, H) each
    return GateTrace(model=tagger.config.name, layer=layer, direction=direction,
                     tokens=tuple(tokens), device=describe(device), seconds=seconds, **arrays)
