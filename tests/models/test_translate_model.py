"""The translators: Bahdanau attention's invariants, encoder paths, the fast training path against
the step loop, and a tiny model trained here (subword models too) on the invented fixture pairs,
decoded greedily and with beam search."""
from pathlib import Path

import pytest
import torch
from torch.nn import functional as F

from explainer.data.pairs import EOS, PAD_ID, PairVocab, read_pairs
from explainer.data.subwords import MODEL_FILES, train_subwords
from explainer.data.vocab import UNK
from explainer.models.decoding import (MAX_EXPLAINED_STEPS, _source_batch, beam_many,
                                       beam_search, explain, greedy, greedy_ids, ids_to_tokens,
                                       max_target_length, translate)
from explainer.models.translator import BahdanauAttention, Translator, TranslatorConfig
from explainer.train.translate import encode_pairs
from explainer.train.translate_fast import teacher_forced_logits
from explainer.data.pairs import collate_pairs

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pairs" / "tiny-eng-fra.txt"
TINY = dict(embedding_dim=16, encoder_hidden=16, decoder_hidden=32, attention_dim=16,
            dropout=0.0)


def test_attention_rows_sum_to_one_and_padding_gets_exactly_zero():
    torch.manual_seed(0)
    attention = BahdanauAttention(query_size=6, key_size=8, attention_size=5)
    annotations = torch.randn(3, 7, 8)                                 # (B, S, 2He)
    lengths = torch.tensor([7, 4, 1])
    mask = torch.arange(7) < lengths[:, None]
    context, weights = attention(torch.randn(3, 6), annotations, mask)
    assert context.shape == (3, 8) and weights.shape == (3, 7)
    torch.testing.assert_close(weights.sum(-1), torch.ones(3))
    assert torch.all(weights[~mask] == 0)
    assert torch.all(weights[mask] > 0)
    assert weights[2, 0] == 1
    # the context is the weighted sum of the annotations, padding included at weight 0
    torch.testing.assert_close(context, torch.einsum("bs,bsh->bh", weights, annotations))


def test_attention_really_depends_on_the_encoder_states():
    torch.manual_seed(1)
    attention = BahdanauAttention(6, 8, 5)
    query, annotations = torch.randn(1, 6), torch.randn(1, 4, 8)
    mask = torch.tensor([[True, True, True, False]])
    context, weights = attention(query, annotations, mask)
    changed = annotations.clone()
    changed[0, 1] += 1.0                                              # one real encoder state
    context2, weights2 = attention(query, changed, mask)
    assert not torch.allclose(weights, weights2)                      # scores read h_j ...
    assert not torch.allclose(context, context2)                      # ... and so does c_t
    padded = annotations.clone()
    padded[0, 3] += 100.0                                             # the padded position
    context3, weights3 = attention(query, padded, mask)
    torch.testing.assert_close(context3, context)
    torch.testing.assert_close(weights3, weights)


@pytest.fixture(scope="module")
def vocab(tmp_path_factory):
    """Subword models trained on the 32 invented pairs (a few hundred pieces each)."""
    folder = tmp_path_factory.mktemp("subwords")
    pairs = read_pairs(FIXTURE)
    train_subwords([p.english for p in pairs], folder / MODEL_FILES["source"], 8000)
    train_subwords([p.french for p in pairs], folder / MODEL_FILES["target"], 8000)
    return PairVocab.build(pairs, folder)


@pytest.fixture(scope="module")
def trained(vocab):
    """A tiny attention model and its loss curve, trained on the 32 invented pairs."""
    torch.manual_seed(0)
    pairs = read_pairs(FIXTURE)
    model = Translator(TranslatorConfig(**TINY).sized(vocab), vocab)
    batch = collate_pairs(*zip(*encode_pairs(vocab, pairs)))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for _ in range(150):
        logits = model(batch)
        loss = F.cross_entropy(logits.flatten(0, 1), batch.target_out.flatten(),
                               ignore_index=PAD_ID)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model.eval(), pairs, losses


def test_loss_falls(trained):
    _, _, losses = trained
    assert losses[-1] < 0.2 * losses[0]


@pytest.mark.parametrize("attention", [True, False])
def test_fast_training_path_equals_the_step_loop(vocab, attention):
    """teacher_forced_logits (torch's gru_cell / GRU kernels, output layer once over all steps)
    gives model(batch)'s logits and gradients, with the very same parameters."""
    torch.manual_seed(0)
    config = TranslatorConfig(name="attention" if attention else "plain", attention=attention,
                              **TINY).sized(vocab)
    model = Translator(config, vocab).double()
    batch = collate_pairs(*zip(*encode_pairs(vocab, read_pairs(FIXTURE)[:7])))
    looped, fast = model(batch), teacher_forced_logits(model, batch)
    torch.testing.assert_close(fast, looped)
    weights = [model.decoder.cell.weight_hh, model.decoder.embedding.weight,
               model.encoder.embedding.weight, model.decoder.output.weight]
    probe = torch.randn_like(looped)
    for a, b in zip(torch.autograd.grad((looped * probe).sum(), weights),
                    torch.autograd.grad((fast * probe).sum(), weights)):
        torch.testing.assert_close(a, b)


def test_no_input_becomes_unknown_and_pieces_are_counted(vocab):
    for text in ("Zoë paid 3.50 € for 1984 purple cats!", "Straße, 東京 😀"):
        pieces = vocab.source_tokens(text)
        assert UNK not in pieces and pieces
        assert vocab.subwords["source"].decode(pieces) == text
    assert vocab.seen("source", "▁cat") > 0 and vocab.seen("source", "no such piece") == 0
    assert vocab.target_text(vocab.target_tokens("J'aime le chat.")) == "J'aime le chat."


def test_greedy_and_beam_translate_training_sentences(trained):
    model, pairs, _ = trained
    sources = [model.vocab.source_tokens(p.english) for p in pairs]
    outputs = greedy(model, sources, batch_size=5)                  # several batches
    assert len(outputs) == len(pairs) and all(EOS not in o for o in outputs)
    hits = sum(translate(model, p.english, beam_size=0) == p.french.replace("\u202f", " ")
               .replace("\u00a0", " ") for p in pairs)
    assert hits >= 20, hits
    beam = beam_search(model, model.vocab.source_tokens("I like the cat."), beam_size=3)
    assert beam[0].ids[-1] == model.vocab.target["</s>"]
    assert [h.score for h in beam] == sorted((h.score for h in beam), reverse=True)
    assert translate(model, "I like the cat.", beam_size=3) == "J'aime le chat."


def test_batched_beam_equals_one_sentence_at_a_time(trained):
    model, pairs, _ = trained
    sources = [model.vocab.source_tokens(p.english) for p in pairs[::3]]
    batched = beam_many(model, sources, beam_size=3, batch_size=4)
    for source, found in zip(sources, batched):
        alone = beam_search(model, source, beam_size=3)
        assert [h.ids for h in found] == [h.ids for h in alone]
        assert [h.score for h in found] == pytest.approx([h.score for h in alone], abs=1e-5)


def test_beam_of_one_is_greedy(trained):
    model, pairs, _ = trained
    sources = [model.vocab.source_tokens(p.english) for p in pairs]
    greedy_tokens = greedy(model, sources)
    beamed = beam_many(model, sources, beam_size=1)
    assert [ids_to_tokens(model, found[0].ids) for found in beamed] == greedy_tokens


def test_explain_returns_attention_matrix_and_top_k(trained):
    model, _, _ = trained
    trace = explain(model, "I like the school.", k=3)
    S, T = len(trace.source_tokens), len(trace.target_tokens)
    assert trace.source_tokens == model.vocab.source_tokens("I like the school.")
    assert "".join(trace.source_tokens).replace("\u2581", " ") == " I like the school."
    assert trace.target_tokens[-1] == EOS
    assert trace.attention.shape == (T, S)
    torch.testing.assert_close(trace.attention.sum(-1), torch.ones(T))
    assert len(trace.top_k) == T and all(len(row) == 3 for row in trace.top_k)
    for row, word, p in zip(trace.top_k, trace.target_tokens, trace.probabilities.tolist()):
        assert row[0][0] == word                                  # greedy takes the top word
        assert row[0][1] == pytest.approx(p)
        assert row[0][1] >= row[1][1] >= row[2][1]
    assert trace.text == translate(model, "I like the school.", beam_size=0)
    assert trace.annotations.shape == (S, 2 * model.config.encoder_hidden)
    assert trace.encoder_records[0][1].update_gate.shape == (S, model.config.encoder_hidden)
    assert trace.steps[0].gru.hidden.shape == (model.config.decoder_hidden,)
    beamed = explain(model, "I like the school.", beam_size=3)
    assert beamed.decoding == "beam search (3)" and beamed.attention.shape[1] == S


def test_explain_refuses_an_empty_or_overlong_source(trained):
    model, _, _ = trained
    with pytest.raises(ValueError, match="expected 1 to 15 English words and 25 tokens, got 0"):
        explain(model, "   ")
    with pytest.raises(ValueError, match="got 16 words"):
        explain(model, " ".join(["cat"] * 16))
    with pytest.raises(ValueError, match=r"got 1 words \(2\d tokens\)"):   # one word to split()
        explain(model, "," * 26)
    with pytest.raises(ValueError, match="at most 200 characters, got 10000"):
        translate(model, "." * 10_000)
    with pytest.raises(ValueError, match="beam_size must be from 0 to 8"):
        explain(model, "I like the cat.", beam_size=500)


def test_greedy_explain_writes_greedy_ids(trained):
    model, pairs, _ = trained
    for pair in pairs[:8]:
        tokens = model.vocab.source_tokens(pair.english)
        source, lengths = _source_batch(model, [tokens])
        memory, _ = model.encode(source, lengths)
        with torch.no_grad():
            ids = greedy_ids(model, memory, max_target_length(len(tokens)))[0].tolist()
        steps = explain(model, pair.english)
        assert [model.vocab.target[w] for w in steps.target_tokens] == \
            [i for i in ids if i != PAD_ID]


def test_one_request_writes_at_most_the_step_cap(trained):
    model, _, _ = trained
    text = ", ".join(["cat"] * 12)                    # 23 tokens: 2S + 10 = 56 > the cap
    for beam in (0, 3):
        steps = explain(model, text, beam_size=beam)
        assert len(steps.target_tokens) <= MAX_EXPLAINED_STEPS
        if steps.target_tokens[-1] != EOS:
            assert "without an end" in steps.decoding


def test_fused_encoder_equals_step_loop(trained):
    model, pairs, _ = trained
    batch = collate_pairs(*zip(*encode_pairs(model.vocab, pairs[:6])))
    fused, _ = model.encode(batch.source, batch.source_lengths)
    looped, records = model.encode(batch.source, batch.source_lengths, step_loop=True)
    torch.testing.assert_close(fused.annotations, looped.annotations, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(fused.summary, looped.summary, atol=1e-5, rtol=1e-5)
    assert records is not None and fused.keys is not None


def test_plain_model_has_no_attention_and_a_fixed_context(vocab):
    torch.manual_seed(0)
    plain = Translator(TranslatorConfig(name="plain", attention=False, **TINY).sized(vocab),
                       vocab).eval()
    trace = explain(plain, "I see the dog.")
    assert trace.attention is None
    contexts = torch.stack([s.context for s in trace.steps])
    assert torch.all(contexts == contexts[0])


def test_save_and_load_round_trip(trained, tmp_path):
    model, _, _ = trained
    model.save(tmp_path)
    loaded = Translator.load("attention", tmp_path)
    assert loaded.config == model.config and not loaded.training
    assert translate(loaded, "I see the dog.") == translate(model, "I see the dog.")
