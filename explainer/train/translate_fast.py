"""Teacher forcing on torch's own kernels, with the translator's very own parameters.

`teacher_forced_logits(model, batch)` equals `model(batch)` (the step loop over
`Decoder.forward`; tests/models/test_translate_model.py checks it, values and gradients) and
is only faster:
- the output layer o_t = tanh(W_o [s_t ; c_t ; E y_{t-1}]) and the logits E o_t + b do not feed
  the next step under teacher forcing, so they run once over all T steps, not T times;
- each GRU step is torch's fused `gru_cell` kernel, with the cell's own weight_ih/weight_hh;
- the plain model's context is the same at every step, so its whole decoder GRU is torch's
  fused `nn.GRU` kernel over the T steps (like the encoder's `Recurrent.forward_fused`).
Dropout draws differ from the step loop's (same rates, same places), as two runs of it differ.
"""
from __future__ import annotations

import torch
from torch import Tensor, nn
from torch.func import functional_call

from ..data.pairs import PairBatch
from ..models.cells import GRUCell
from ..models.translator import Translator


def _cell_parameters(cell: GRUCell) -> tuple[Tensor, ...]:
    return cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh


def _fused_gru(cell: GRUCell, xs: Tensor, state: Tensor) -> Tensor:
    """xs (B, T, I), state (B, H) -> every step's state (B, T, H), on torch's GRU kernel."""
    skeleton = nn.GRU(cell.input_size, cell.hidden_size, batch_first=True, device="meta")
    names = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
    out, _ = functional_call(skeleton, dict(zip(names, _cell_parameters(cell))),
                             (xs, state[None].contiguous()))
    return out


def teacher_forced_logits(model: Translator, batch: PairBatch) -> Tensor:
    """Logits (B, T, V) for every target position, each step reading the reference's previous
    word: what `model(batch)` computes."""
    memory, _ = model.encode(batch.source, batch.source_lengths)
    decoder = model.decoder
    y = decoder.dropout(decoder.embedding(batch.target_in))             # (B, T, E)
    state = decoder.initial_state(memory)                               # (B, Hd)
    T = y.shape[1]
    if decoder.attention is None:
        contexts = memory.summary[:, None, :].expand(-1, T, -1)         # (B, T, 2He)
        states = _fused_gru(decoder.cell, torch.cat([y, contexts], dim=-1), state)
    else:
        kept_states, kept_contexts = [], []
        for t in range(T):
            context, _ = decoder.attention(state, memory.annotations, memory.mask, memory.keys)
            state = torch.gru_cell(torch.cat([y[:, t], context], dim=-1), state,
                                   *_cell_parameters(decoder.cell))
            kept_states.append(state)
            kept_contexts.append(context)
        states = torch.stack(kept_states, dim=1)                        # (B, T, Hd)
        contexts = torch.stack(kept_contexts, dim=1)                    # (B, T, 2He)
    o = torch.tanh(decoder.output(torch.cat([states, contexts, y], dim=-1)))   # (B, T, E)
    return decoder.writable(decoder.dropout(o) @ decoder.embedding.weight.T + decoder.output_bias)
