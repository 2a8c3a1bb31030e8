"""The translation lab on the decoder's own step loop: the beam tree, forced attention, a forced
French start, attention on words, and the multi-sentence trace. Tiny untrained translators (seeded)
on subword models trained on the invented fixture pairs, and on a word vocabulary; the invariants
hold for any weights."""
from pathlib import Path

import numpy as np
import pytest
import torch

from explainer.data.pairs import EOS, PairVocab, read_pairs
from explainer.data.pair_text import tokenize_english, tokenize_french
from explainer.data.subwords import MODEL_FILES, train_subwords, words_of
from explainer.data.vocab import PAD, UNK, Vocab
from explainer.explain.translation import decoding_trace, tree_trace
from explainer.figures.beam_tree import beam_tree_figure
from explainer.explain.translation_words import WORD_RULE, notes_of, on_words, tree_on_words
from explainer.models.decoding import (_encoded, beam_ids, explain, max_target_length,
                                       translate, translate_many)
from explainer.models.translator import Translator, TranslatorConfig
from explainer.models.what_if import continue_prefix, force_attention

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pairs" / "tiny-eng-fra.txt"
TINY = dict(embedding_dim=16, encoder_hidden=16, decoder_hidden=32, attention_dim=16,
            dropout=0.0)
SENTENCE = "I like the purple school."


@pytest.fixture(scope="module")
def pieces(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subwords")
    pairs = read_pairs(FIXTURE)
    train_subwords([p.english for p in pairs], folder / MODEL_FILES["source"], 8000)
    train_subwords([p.french for p in pairs], folder / MODEL_FILES["target"], 8000)
    torch.manual_seed(0)
    vocab = PairVocab.build(pairs, folder)
    return Translator(TranslatorConfig(**TINY).sized(vocab), vocab).eval()


@pytest.fixture(scope="module")
def words():
    """A word-level translator as the shipped ones are (lowercase words, no piece counts)."""
    pairs = read_pairs(FIXTURE)
    specials = [PAD, UNK, "<s>", EOS]
    english = sorted({t for p in pairs for t in tokenize_english(p.english)} - {"school"})
    french = sorted({t for p in pairs for t in tokenize_french(p.french)})
    vocab = PairVocab(Vocab(specials + english), Vocab(specials + french), {})
    torch.manual_seed(1)
    return Translator(TranslatorConfig(**TINY).sized(vocab), vocab).eval()


@torch.no_grad()
def _log_p(model, text, ids):
    """log p(ids | text) by teacher forcing through the step loop, one word at a time."""
    tokens, memory, _, _ = _encoded(model, text)
    state, prev, total = model.decoder.initial_state(memory), 2, 0.0
    for i in ids:
        state, step = model.decoder(torch.tensor([prev]), state, memory)
        total += float(torch.log_softmax(step.logits[0], -1)[i])
        prev = i
    return total


@pytest.mark.parametrize("beam", [2, 3, 5])
def test_the_beam_tree_holds_every_kept_hypothesis_and_the_winner(pieces, beam):
    steps = explain(pieces, SENTENCE, beam_size=beam)
    tree = steps.tree
    per_step = np.bincount([n.step for n in tree if not n.ended])
    assert per_step.max() <= beam and len(tree) > len(steps.target_tokens)
    for node in tree[::7]:                 # each node's log p is its prefix's, recomputed
        ids, j = [], tree.index(node)
        while j >= 0:
            ids.append(tree[j].id)
            j = tree[j].parent
        assert node.log_probability == pytest.approx(_log_p(pieces, SENTENCE, ids[::-1]),
                                                     abs=1e-4)
        assert node.attention.sum() == pytest.approx(1.0, abs=1e-5)
    trace = tree_trace(tree, pieces, steps.source_tokens, steps.target_tokens, beam)
    path = [trace.tokens[i] for i in np.flatnonzero(trace.winner)]
    assert path == steps.target_tokens                        # the winner is the translation
    assert trace.ended[np.flatnonzero(trace.winner)[-1]] == (steps.target_tokens[-1] == EOS)
    for i in np.flatnonzero(~trace.pruned):                   # not pruned: a child or an end
        assert trace.ended[i] or i in trace.parents or trace.steps[i] == trace.steps.max()
    assert not (trace.winner & trace.pruned).any()
    figure = beam_tree_figure(trace)                          # drawn without crossing edges
    y, parents = np.asarray(figure["data"][-1]["y"]), trace.parents
    for i in range(len(y)):
        for j in range(i + 1, len(y)):
            if parents[i] >= 0 and parents[j] >= 0 and trace.steps[i] == trace.steps[j]:
                assert (y[parents[i]] - y[parents[j]]) * (y[i] - y[j]) >= 0


@torch.no_grad()
def _attention_after(model, text, ids):
    """The decoder's attention row at the step after feeding `ids` (teacher forcing, one
    sentence through the step loop): the a_t that chose the next word."""
    tokens, memory, _, _ = _encoded(model, text)
    state, prev = model.decoder.initial_state(memory), 2
    for i in [*ids, None]:
        state, step = model.decoder(torch.tensor([prev]), state, memory)
        prev = i
    return step.attention[0].numpy()


@pytest.mark.parametrize("beam", [0, 4])
def test_a_clicked_node_shows_the_decoders_attention_for_that_hypothesis(pieces, words, beam):
    """What a click on a node shows (the figure's customdata, read by static/beam_tree.js) is
    the decoder's own attention for that prefix: recomputed here by feeding the prefix alone
    through the step loop, on whole words (each word's pieces summed) as the tab shows it."""
    for model in (pieces, words):
        steps = explain(model, SENTENCE, beam_size=beam)
        trace = tree_trace(steps.tree, model, steps.source_tokens, steps.target_tokens,
                           max(beam, 1))
        on_words_ = tree_on_words(trace)
        shown = beam_tree_figure(on_words_)["data"][-1]["customdata"]
        groups = (words_of(list(trace.source)) if model is pieces
                  else [[i] for i in range(len(trace.source))])
        assert len(shown[0]) - 4 == len(groups) == len(on_words_.source)
        pruned = np.flatnonzero(trace.pruned)
        assert beam == 0 or len(pruned) > 0
        for i in [*pruned[:6], *np.flatnonzero(trace.winner)]:
            ids, j = [], int(trace.parents[i])
            while j >= 0:
                ids.append(steps.tree[j].id)
                j = int(trace.parents[j])
            row = _attention_after(model, SENTENCE, ids[::-1])
            np.testing.assert_allclose(shown[i][4:], [row[g].sum() for g in groups], atol=2e-4)
            np.testing.assert_allclose(trace.attention[i], row, atol=1e-5)     # pieces too
            written = model.vocab.target_text([model.vocab.target.tokens[k] for k in ids[::-1]]
                                              + ([] if trace.ended[i] else [trace.tokens[i]]))
            assert shown[i][0].startswith(written.replace(UNK, "⟨unk⟩"))
            assert shown[i][1] == pytest.approx(trace.log_probabilities[i], abs=1e-4)


def test_greedy_draws_a_single_path_the_beam_of_one_would_grow(pieces):
    greedy = explain(pieces, SENTENCE, beam_size=0)
    assert [n.parent for n in greedy.tree] == list(range(-1, len(greedy.tree) - 1))
    tokens, memory, _, limit = _encoded(pieces, SENTENCE)
    tree = []
    beam_ids(pieces, memory, 1, limit, tree=tree)
    assert [n.id for n in tree] == [n.id for n in greedy.tree]
    for a, b in zip(tree, greedy.tree):
        assert a.log_probability == pytest.approx(b.log_probability, abs=1e-4)
    trace = tree_trace(greedy.tree, pieces, tokens, greedy.target_tokens, 1)
    assert trace.winner.all() and not trace.pruned.any()


@pytest.mark.parametrize("position", [0, 2, -1])
def test_forcing_a_one_hot_attention_row_makes_the_context_that_encoder_state(pieces, position):
    original = explain(pieces, SENTENCE, beam_size=3)
    chosen = pieces.vocab.target.encode(original.target_tokens)
    S = len(original.source_tokens)
    one_hot = torch.zeros(S)
    one_hot[position] = 1.0
    step = min(2, len(chosen) - 1)
    forced = force_attention(pieces, SENTENCE, chosen, step, one_hot)
    assert forced.target_tokens[:step] == original.target_tokens[:step]   # replayed as chosen
    torch.testing.assert_close(forced.attention[step], one_hot)
    torch.testing.assert_close(forced.steps[step].context, forced.annotations[position])
    for t in range(step):                  # the steps before it are the original's
        torch.testing.assert_close(forced.attention[t], original.attention[t])
    with pytest.raises(ValueError, match="summing to 1"):
        force_attention(pieces, SENTENCE, chosen, step, one_hot * 2)
    with pytest.raises(ValueError, match="step must be from 0"):
        force_attention(pieces, SENTENCE, chosen, len(chosen) + 5, one_hot)


@pytest.mark.parametrize("prefix", ["J'aime l'école", "Le  chat violet", "Zoë a 45 ans"])
def test_a_forced_prefix_is_kept_verbatim(pieces, words, prefix):
    for model in (pieces, words):
        typed = model.vocab.target_tokens(prefix)
        steps = continue_prefix(model, SENTENCE, prefix)
        assert steps.target_tokens[:len(typed)] == typed
        assert steps.text.startswith(" ".join(prefix.split()))
        assert len(steps.target_tokens) <= 40 and steps.probabilities.shape == (len(steps.steps),)
    unknown = continue_prefix(words, SENTENCE, "Zoë a 45 ans")     # words outside the vocab
    assert "zoë" in unknown.target_tokens and UNK not in unknown.target_tokens[:4]


def test_attention_on_words_sums_pieces(pieces):
    trace = decoding_trace(explain(pieces, "Zoë paid 45 euros.", beam_size=0), pieces, 0.0)
    assert trace.unit == "piece"
    words = on_words(trace)
    source_groups, target_groups = words_of(list(trace.source)), words_of(list(trace.target))
    assert len(words.source) == len(source_groups) < len(trace.source)
    assert words.attention.shape == (len(target_groups), len(source_groups))
    np.testing.assert_allclose(words.attention.sum(axis=1), 1.0, atol=1e-5)
    first = target_groups[0]
    np.testing.assert_allclose(words.attention[0],
                               [trace.attention[first][:, g].sum(axis=1).mean() for g in
                                source_groups], atol=1e-6)
    assert words.summed == WORD_RULE and words.source[0] == "Zoë"


def test_word_level_traces_are_their_own_words(words):
    trace = decoding_trace(explain(words, SENTENCE), words, 0.0)
    assert trace.unit == "word" and on_words(trace) is trace
    notes = notes_of(words, SENTENCE, ["j'", "aime", UNK])
    assert [(n.side, n.word, n.known, n.seen) for n in notes] == [
        ("English", "purple", False, (-1,)), ("English", "school", False, (-1,)),
        ("French", UNK, False, (-1,))]


def test_piece_notes_name_the_pieces_and_their_training_counts(pieces):
    notes = notes_of(pieces, "Zoë paid 45 euros.", pieces.vocab.target_tokens("Zoë a payé."))
    zoe = next(n for n in notes if n.side == "English" and n.word == "Zoë")
    assert len(zoe.pieces) > 1 and zoe.known
    assert zoe.seen == tuple(pieces.vocab.seen("source", p) for p in zoe.pieces)
    assert all(n >= 0 for n in zoe.seen)


def test_several_sentences_translate_as_one_batch_each(pieces, words):
    texts = ["I like the cat.", "The school is big.", "I see the dog."]
    for model in (pieces, words):
        many = translate_many(model, texts, 0)
        assert [text for text, _ in many] == [translate(model, t, 0) for t in texts]
        for text, (_, tokens) in zip(texts, translate_many(model, texts, 3)):
            assert EOS not in tokens
            assert len(tokens) <= max_target_length(len(model.vocab.source_tokens(text)))
