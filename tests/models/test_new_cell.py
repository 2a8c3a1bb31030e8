"""A cell type is one class: registered, it runs in Recurrent (the fused path falls back to the
step loop, torch having no kernel for it) and its gates and states are read off its step record."""
from dataclasses import dataclass

import pytest
import torch
from torch import Tensor

from explainer.models.cells import CELLS, RecurrentCell
from explainer.models.recurrent import Recurrent, RecurrentConfig


@dataclass(frozen=True)
class LeakyStep:
    leak_gate: Tensor       # (B, H) a, in [0, 1]
    hidden: Tensor          # (B, H)
    memory: Tensor          # (B, H) m_t, a second state


class LeakyCell(RecurrentCell):
    """a = sigmoid(x W_ia^T + h W_ha^T + b);  m_t = m_{t-1} + x_1;  h_t = a * h_{t-1} + (1 - a) * m_t"""
    gates, kind, display_name, step_type = 1, "leaky", "Leaky test cell", LeakyStep
    states = ("hidden", "memory")

    def initial_state(self, batch_size, device=None, dtype=None):
        zeros = torch.zeros(batch_size, self.hidden_size, device=device, dtype=dtype)
        return zeros, zeros.clone()

    def forward(self, x_t, state, weight_hh=None):
        h, m = state
        xw, hw = self._affine(x_t, h, weight_hh)
        a = torch.sigmoid(xw + hw)
        m = m + x_t[:, :1]
        h = a * h + (1 - a) * m
        return (h, m), LeakyStep(leak_gate=a, hidden=h, memory=m)


@pytest.fixture
def leaky(monkeypatch):
    monkeypatch.setitem(CELLS, "leaky", LeakyCell)
    return LeakyCell


def test_gates_and_states_come_from_the_step_record(leaky):
    assert leaky.gate_fields == ("leak_gate",)
    assert leaky.states == ("hidden", "memory") and not leaky.has_cell_state
    assert leaky.torch_module is None


def test_fused_path_falls_back_to_the_step_loop(leaky):
    torch.manual_seed(0)
    rnn = Recurrent(RecurrentConfig("leaky", 3, 4, num_layers=2, bidirectional=True))
    xs = torch.randn(2, 5, 3)
    lengths = torch.tensor([5, 3])
    mask = torch.arange(5) < lengths[:, None]
    fused = rnn.forward_fused(xs, lengths)                     # (B, T, 2H)
    stepped, finals, records = rnn(xs, mask)
    torch.testing.assert_close(fused, stepped * mask[..., None])
    assert fused[1, 3:].abs().sum() == 0                       # zero where padded, as torch's
    assert fused.shape == (2, 5, 8)
    record = records[0][0]
    assert type(record) is LeakyStep and record.leak_gate.shape == (2, 5, 4)
    assert ((record.leak_gate >= 0) & (record.leak_gate <= 1)).all()
    # the second state is carried: m_t is the running sum of the first input feature
    torch.testing.assert_close(record.memory[0, :, 0], xs[0, :, 0].cumsum(0))
    fused.sum().backward()                                     # and it trains
    assert rnn.cell(0).weight_hh.grad is not None


def test_a_state_missing_from_the_record_is_refused():
    with pytest.raises(TypeError, match="not fields of"):
        class Broken(RecurrentCell):
            gates, kind, display_name, step_type = 1, "broken", "Broken", LeakyStep
            states = ("hidden", "cell")
