"""The from-scratch cells against torch's own modules: same states, same gradients."""
import pytest
import torch
from torch import nn

from explainer.models.cells import CELLS, ElmanCell, GRUCell, LSTMCell, RecurrentCell, unroll
from explainer.models.recurrent import Recurrent, RecurrentConfig
from explainer.models.weights import freeze, load_weights, save_weights

TORCH = {"elman": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
SIZES = [(1, 1, 1, 1, False), (3, 5, 4, 1, False), (8, 16, 32, 2, False),
         (4, 7, 9, 1, True), (5, 6, 12, 3, True)]  # (batch, input, hidden, layers, bidirectional)


def twins(cell, input_size, hidden_size, num_layers, bidirectional):
    """A torch module and our Recurrent holding copies of the same weights."""
    torch.manual_seed(input_size * 1000 + hidden_size * 10 + num_layers)
    ref = TORCH[cell](input_size, hidden_size, num_layers=num_layers, batch_first=True,
                      bidirectional=bidirectional)
    ours = Recurrent(RecurrentConfig(cell, input_size, hidden_size, num_layers, bidirectional))
    with torch.no_grad():
        for name, p in ours.state_dict_torch_names().items():
            p.copy_(getattr(ref, name))
    return ref, ours


@pytest.mark.parametrize("cell", sorted(CELLS))
@pytest.mark.parametrize("B,I,H,L,bi", SIZES)
def test_states_and_gradients_match_torch(cell, B, I, H, L, bi):
    ref, ours = twins(cell, I, H, L, bi)
    x = torch.randn(B, 6, I)
    x_ref, x_ours = x.clone().requires_grad_(), x.clone().requires_grad_()
    out_ref, final_ref = ref(x_ref)
    out_ours, finals, records = ours(x_ours)

    # every per-step hidden state of the last layer, both directions
    torch.testing.assert_close(out_ours, out_ref, atol=1e-5, rtol=0)
    # every per-step hidden (and cell) state of every layer, against torch layer by layer
    h_ref = final_ref[0] if cell == "lstm" else final_ref
    for layer in range(L):
        for d in range(2 if bi else 1):
            k = layer * (2 if bi else 1) + d
            state = finals[layer][d]
            torch.testing.assert_close(RecurrentCell.hidden_of(state), h_ref[k], atol=1e-5, rtol=0)
            if cell == "lstm":
                torch.testing.assert_close(state[1], final_ref[1][k], atol=1e-5, rtol=0)
                # the last step's record is the final state (forward) / first (reverse)
                t = 0 if d else -1
                torch.testing.assert_close(records[layer][d].cell[:, t], state[1])

    # gradients of one loss w.r.t. the inputs and every weight
    target = torch.randn_like(out_ref)
    nn.functional.mse_loss(out_ref, target).backward()
    nn.functional.mse_loss(out_ours, target).backward()
    torch.testing.assert_close(x_ours.grad, x_ref.grad, atol=1e-5, rtol=0)
    for name, p in ours.state_dict_torch_names().items():
        torch.testing.assert_close(p.grad, getattr(ref, name).grad, atol=1e-5, rtol=0,
                                   msg=f"gradient of {name}")


@pytest.mark.parametrize("cell", sorted(CELLS))
def test_padding_matches_packed_sequences(cell):
    """A padded batch gives each sentence the states it would get alone (torch's packing)."""
    ref, ours = twins(cell, 3, 5, 2, True)
    x = torch.randn(3, 7, 3)
    lengths = torch.tensor([7, 4, 1])
    mask = torch.arange(7)[None] < lengths[:, None]
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out_ref, _ = nn.utils.rnn.pad_packed_sequence(ref(packed)[0], batch_first=True, total_length=7)
    out_ours, _, _ = ours(x, mask)
    torch.testing.assert_close(out_ours * mask[..., None], out_ref, atol=1e-5, rtol=0)
    # the fused training path runs torch's kernel on our very parameters
    torch.testing.assert_close(ours.forward_fused(x, lengths), out_ref, atol=1e-6, rtol=0)
    for b, n in enumerate(lengths.tolist()):  # and each sentence alone agrees with the batch
        alone, _, _ = ours(x[b:b + 1, :n])
        torch.testing.assert_close(alone[0], out_ours[b, :n], atol=1e-5, rtol=0)


def test_fused_and_step_gradients_agree():
    _, ours = twins("lstm", 4, 6, 2, True)
    x, lengths = torch.randn(2, 5, 4), torch.tensor([5, 3])
    mask = torch.arange(5)[None] < lengths[:, None]
    (ours(x, mask)[0] * mask[..., None]).pow(2).sum().backward()
    step = {n: p.grad.clone() for n, p in ours.state_dict_torch_names().items()}
    ours.zero_grad()
    ours.forward_fused(x, lengths).pow(2).sum().backward()
    for n, p in ours.state_dict_torch_names().items():
        torch.testing.assert_close(p.grad, step[n], atol=1e-5, rtol=0)


def test_single_cell_matches_torch_cells():
    torch.manual_seed(1)
    for ours_cls, ref_cls in [(ElmanCell, nn.RNNCell), (LSTMCell, nn.LSTMCell), (GRUCell, nn.GRUCell)]:
        ref, ours = ref_cls(4, 3), ours_cls(4, 3)
        ours.load_state_dict(ref.state_dict())
        x = torch.randn(2, 4)
        state = ours.initial_state(2)
        new_state, _ = ours(x, state)
        expected = ref(x) if ours_cls is not LSTMCell else ref(x)[0]
        torch.testing.assert_close(ours.hidden_of(new_state), expected)


def test_lstm_invariants():
    torch.manual_seed(2)
    cell = LSTMCell(5, 8)
    _, _, r = unroll(cell, torch.randn(3, 10, 5) * 4)
    for gate in (r.input_gate, r.forget_gate, r.output_gate):
        assert gate.min() >= 0 and gate.max() <= 1
    assert r.candidate.abs().max() <= 1
    torch.testing.assert_close(r.hidden, r.output_gate * torch.tanh(r.cell))
    # c_t = f * c_{t-1} + i * g, step by step
    c_prev = torch.cat([torch.zeros(3, 1, 8), r.cell[:, :-1]], dim=1)
    torch.testing.assert_close(r.cell, r.forget_gate * c_prev + r.input_gate * r.candidate)


def test_gru_and_elman_invariants():
    torch.manual_seed(3)
    _, _, g = unroll(GRUCell(5, 8), torch.randn(2, 6, 5))
    h_prev = torch.cat([torch.zeros(2, 1, 8), g.hidden[:, :-1]], dim=1)
    torch.testing.assert_close(g.hidden, (1 - g.update_gate) * g.candidate + g.update_gate * h_prev)
    _, _, e = unroll(ElmanCell(5, 8), torch.randn(2, 6, 5))
    torch.testing.assert_close(e.hidden, torch.tanh(e.pre_activation))


def test_weights_round_trip(tmp_path):
    _, ours = twins("gru", 3, 4, 2, True)
    cfg = {"cell": "gru", "input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True}
    path = save_weights(tmp_path / "model", ours, cfg)
    assert path.suffix == ".safetensors" and path.with_suffix(".json").exists()
    state, config = load_weights(path)
    assert config == cfg
    rebuilt = freeze(Recurrent(RecurrentConfig(**config)))
    rebuilt.load_state_dict(state)
    x = torch.randn(2, 3, 3)
    torch.testing.assert_close(rebuilt(x)[0], ours(x)[0])
    assert not any(p.requires_grad for p in rebuilt.parameters()) and not rebuilt.training
    # the config also lives in the safetensors metadata, so the file alone rebuilds
    path.with_suffix(".json").unlink()
    assert load_weights(path)[1] == cfg


def test_missing_weights_say_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="train them first"):
        load_weights(tmp_path / "nothing")


def test_unknown_cell_is_refused():
    with pytest.raises(ValueError, match="cell must be one of"):
        Recurrent(RecurrentConfig("transformer", 2, 2))
