"""Multi-layer and bidirectional recurrent networks built from the traceable cells.

Layer l reads layer l-1's outputs; a bidirectional layer runs one cell left-to-right and another
right-to-left over the same inputs and concatenates their hidden states, as torch.nn.LSTM does:
    out_t^(l) = [h_t^(l, forward) ; h_t^(l, backward)]          (B, T, 2H)

Parameter names follow torch.nn.RNN/LSTM/GRU (`weight_ih_l0`, `weight_hh_l1_reverse`, ...), so a
torch module's state_dict loads here unchanged, and `forward_fused` can hand these very tensors to
torch's fused kernels (a training fast path; tests prove both paths agree). A cell type torch has
no kernel for runs the step loop there.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.func import functional_call

from .cells import CELLS, RecurrentCell, Step, unroll

_PARAMS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


@dataclass(frozen=True)
class RecurrentConfig:
    cell: str                 # a key of CELLS: "elman" | "lstm" | "gru"
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bidirectional: bool = False
    bias: bool = True
    dropout: float = 0.0      # between layers, while training only (as torch.nn.LSTM)

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1


class Recurrent(nn.Module):
    def __init__(self, config: RecurrentConfig):
        super().__init__()
        if config.cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {config.cell!r}")
        self.config = config
        cell = CELLS[config.cell]
        for layer in range(config.num_layers):
            in_size = config.input_size if layer == 0 else config.hidden_size * config.directions
            for direction in range(config.directions):
                self.add_module(self._name(layer, direction),
                                cell(in_size, config.hidden_size, bias=config.bias))

    @staticmethod
    def _name(layer: int, direction: int) -> str:
        return f"l{layer}" + ("_reverse" if direction else "")

    def cell(self, layer: int, direction: int = 0) -> RecurrentCell:
        return getattr(self, self._name(layer, direction))

    @property
    def output_size(self) -> int:
        return self.config.hidden_size * self.config.directions

    def forward(self, xs: Tensor, mask: Tensor | None = None):
        """xs: (B, T, input_size); mask: (B, T), True on real tokens.

        Returns (outputs (B, T, directions*H), final_states, records) where final_states and
        records are indexed [layer][direction]; each record's fields are (B, T, H).
        """
        cfg = self.config
        finals: list[list] = []
        records: list[list[Step]] = []
        for layer in range(cfg.num_layers):
            if layer > 0 and cfg.dropout and self.training:
                xs = nn.functional.dropout(xs, cfg.dropout, training=True)
            runs = [unroll(self.cell(layer, d), xs, mask=mask, reverse=bool(d))
                    for d in range(cfg.directions)]
            xs = torch.cat([out for out, _, _ in runs], dim=-1)
            finals.append([state for _, state, _ in runs])
            records.append([record for _, _, record in runs])
        return xs, finals, records

    # ---- training fast path ------------------------------------------------------------

    def state_dict_torch_names(self) -> dict[str, Tensor]:
        """These parameters under torch.nn.LSTM's names (`weight_ih_l0_reverse`, ...)."""
        out = {}
        for layer in range(self.config.num_layers):
            for d in range(self.config.directions):
                cell = self.cell(layer, d)
                for p in _PARAMS:
                    if getattr(cell, p) is not None:
                        out[f"{p}_l{layer}" + ("_reverse" if d else "")] = getattr(cell, p)
        return out

    def forward_fused(self, xs: Tensor, lengths: Tensor) -> Tensor:
        """Outputs (B, T, directions*H) from torch's fused kernel, run with this module's own
        parameters (no copy). Padded positions are zero. For training only: it records no steps.
        A cell without a torch kernel (`torch_module` None) runs the step loop instead."""
        cfg = self.config
        kernel = type(self.cell(0)).torch_module
        if kernel is None:
            mask = torch.arange(xs.shape[1], device=xs.device) < lengths.to(xs.device)[:, None]
            out, _, _ = self(xs, mask)
            return out * mask[..., None]                  # (B, T, D*H), zero where padded
        skeleton = kernel(
            cfg.input_size, cfg.hidden_size, num_layers=cfg.num_layers, bias=cfg.bias,
            batch_first=True, dropout=cfg.dropout, bidirectional=cfg.bidirectional,
            device="meta")
        skeleton.train(self.training)
        packed = nn.utils.rnn.pack_padded_sequence(xs, lengths.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        out, _ = functional_call(skeleton, self.state_dict_torch_names(), (packed,))
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=xs.shape[1])
        return out
