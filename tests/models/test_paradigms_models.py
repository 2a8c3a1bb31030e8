"""The paradigm gallery's mini-models: the shipped weights load and run, their step loops equal
the fused kernels, inputs are validated, and their training code runs on invented fixtures."""
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from explainer.models.charlm import MAX_GENERATED, CharLM, CharLMConfig
from explainer.models.delay import (ALPHABET, NOISE, QUERY, SYMBOLS, DelayCheckpoints,
                                    DelayConfig, DelayNet, accuracy_by_delay, make_batch)
from explainer.models.isnoun import IsNoun, word_features, word_shape
from explainer.models.langid import LANGUAGES, LangID, normalize

FIXTURES = Path(__file__).parents[1] / "fixtures" / "paradigms"

# Written for these tests (not corpus sentences).
ENGLISH = ["My grandmother bakes bread every Sunday morning.",
           "The students forgot their homework on the bus.",
           "Could you please turn off the lights when you leave?",
           "Our neighbours painted their fence bright blue."]
FRENCH = ["Ma grand-mère fait du pain tous les dimanches matin.",
          "Les étudiants ont oublié leurs devoirs dans le bus.",
          "Pourrais-tu éteindre les lumières quand tu pars ?",
          "Nos voisins ont peint leur clôture en bleu vif."]


@pytest.fixture(scope="module")
def charlm():
    return CharLM.load()


@pytest.fixture(scope="module")
def langid():
    return LangID.load()


# ---- one-to-many: the character LM ----------------------------------------------------------

def test_generation_is_bounded_seeded_and_in_the_alphabet(charlm):
    out = charlm.generate("R", 120, 0.8, torch.Generator().manual_seed(3))
    again = charlm.generate("R", 120, 0.8, torch.Generator().manual_seed(3))
    assert len(out.text) == 120 and out.text == again.text
    assert set(out.text) <= set(charlm.config.alphabet)
    assert out.top_ids.shape == out.top_probs.shape == (120, 5)
    assert out.hidden.shape == (120, charlm.config.hidden_size)
    assert torch.all(out.chosen_prob > 0) and torch.all(out.chosen_prob <= 1)
    # the top candidates are sorted and are probabilities
    assert torch.all(out.top_probs[:, :-1] >= out.top_probs[:, 1:])
    assert torch.all(out.top_probs.sum(dim=1) <= 1 + 1e-5)


def test_generation_refuses_bad_requests(charlm):
    g = torch.Generator().manual_seed(0)
    for seed, length, temperature, message in (
            ("RO", 10, 1.0, "one character"), ("", 10, 1.0, "one character"),
            ("R", 0, 1.0, "length"), ("R", MAX_GENERATED + 1, 1.0, "length"),
            ("R", 10, 0.0, "temperature"), ("R", 10, 2.5, "temperature"),
            ("€", 10, 1.0, "alphabet")):
        with pytest.raises(ValueError, match=message):
            charlm.generate(seed, length, temperature, g)


def test_temperature_sharpens_or_flattens_the_distribution(charlm):
    cold = charlm.generate("T", 40, 0.1, torch.Generator().manual_seed(0))
    hot = charlm.generate("T", 40, 2.0, torch.Generator().manual_seed(0))
    assert float(cold.top_probs[:, 0].mean()) > float(hot.top_probs[:, 0].mean())
    picked_best = [charlm.config.alphabet[i] for i in cold.top_ids[:, 0].tolist()]
    assert sum(a == b for a, b in zip(picked_best, cold.text)) >= 30  # nearly greedy


def test_step_loop_equals_the_fused_kernel(charlm):
    ids = charlm.encode("ROMEO:\nWhat light")
    fused = charlm(ids[None])[0]                                         # (T, n_chars)
    cell, state, steps = charlm.rnn.cell(0), None, []
    state = cell.initial_state(1)
    for x in ids:
        state, step = cell(charlm.embedding(x[None]), state)
        steps.append(charlm.head(step.hidden)[0])
    torch.testing.assert_close(torch.stack(steps), fused, atol=1e-5, rtol=1e-5)


def test_charlm_card_reports_dev_bits_per_char():
    card = (Path(__file__).parents[2] / "assets" / "charlm.md").read_text()
    assert "bits per character" in card and "python -m explainer.train charlm" in card
    assert "public domain" in card


# ---- many-to-one: English or French -----------------------------------------------------------

def test_normalize_removes_the_french_typography_give_away():
    assert normalize("  Où est-il\u202f?  ") == "où est-il?"
    assert normalize("Ça\u00a0alors !") == "ça alors!"
    assert normalize("« Oui »") == "«oui»"
    assert normalize("It’s") == "it's"


def test_invented_sentences_are_identified(langid):
    assert langid.predict(ENGLISH) == ["English"] * len(ENGLISH)
    assert langid.predict(FRENCH) == ["French"] * len(FRENCH)


def test_prefix_answers_come_from_the_step_loop_and_end_with_the_answer(langid):
    ids, lengths = langid.encode(ENGLISH[:2] + FRENCH[:2])
    last = langid(ids, lengths)                                          # (B, 2), fused
    steps = langid.explain(ids, lengths)                                 # (B, T, 2), step loop
    at_end = steps.logits[torch.arange(4), lengths - 1]
    torch.testing.assert_close(at_end, last, atol=1e-5, rtol=1e-5)
    assert steps.logits.shape == (4, int(lengths.max()), len(LANGUAGES))


def test_langid_refuses_empty_text(langid):
    with pytest.raises(ValueError, match="at least one character"):
        langid.encode(["   "])


# ---- one-to-one: is it a noun? ------------------------------------------------------------------

def test_word_features_and_shape():
    assert word_shape("Apple") == "Xx" and word_shape("U.S.") == "X.X." and word_shape("3.5") == "d.d"
    features = word_features("Station")
    assert "ends -tion" in features and "capitalised" in features and "shape=Xx" in features


def test_isnoun_answers_clear_cases():
    model = IsNoun.load()
    p = model.p_noun(["happiness", "station", "quickly", "walked"])
    assert p[0] > 0.5 and p[1] > 0.5 and p[2] < 0.5 and p[3] < 0.5
    known, ignored = model.known_features("zzzqqqxxx")
    assert all(f in model.index for f in known) and not set(ignored) & set(model.index)


# ---- the delay task ----------------------------------------------------------------------------

def test_delay_batches_hold_symbol_noise_and_question():
    batch = make_batch(5, 8, torch.Generator().manual_seed(0))
    assert batch.ids.shape == (8, 7)
    assert torch.equal(batch.ids[:, 0], batch.targets)
    noise = {ALPHABET.index(n) for n in NOISE}
    assert set(batch.ids[:, 1:6].flatten().tolist()) <= noise
    assert torch.all(batch.ids[:, -1] == ALPHABET.index(QUERY))
    assert set(batch.targets.tolist()) <= set(range(len(SYMBOLS)))


@pytest.mark.parametrize("cell", ["elman", "lstm"])
def test_delay_step_loop_equals_the_fused_kernel(cell):
    torch.manual_seed(0)
    net = DelayNet(DelayConfig(cell=cell, hidden_size=8)).eval()
    ids = make_batch(6, 4, torch.Generator().manual_seed(1)).ids
    logits, records = net.explain(ids)
    torch.testing.assert_close(logits, net(ids), atol=1e-5, rtol=1e-5)
    assert records[0][0].hidden.shape == (4, 8, 8)


def test_shipped_delay_checkpoints_load_and_the_trained_lstm_remembers():
    lstm, elman = DelayCheckpoints.load("lstm"), DelayCheckpoints.load("elman")
    assert lstm.steps == elman.steps and len(lstm.steps) >= 3
    assert accuracy_by_delay(lstm.at(lstm.steps[-1]), [20], 64, seed=5)[0] >= 0.95
    assert elman.config.hidden_size == lstm.config.hidden_size


# ---- training code on invented fixtures --------------------------------------------------------

def test_charlm_training_runs_and_keeps_a_better_step(tmp_path):
    from explainer.data.splits import split_text
    from explainer.evaluation.metrics import char_loss
    from explainer.train.charlm import TrainConfig, train
    text = "the cat sat on the mat. the dog sat on the log. " * 40
    train_text, dev_text = split_text(text)
    config = CharLMConfig(embedding_dim=8, hidden_size=16, alphabet="".join(sorted(set(text))))
    result = train(config, TrainConfig(window=32, batch_size=8, eval_every=50, max_minutes=2,
                                       max_steps=150), train_text, dev_text, progress=False)
    assert result.steps == 150 and result.dev_loss < math.log(config.n_chars)
    assert char_loss(result.model, result.model.encode(dev_text)) == pytest.approx(result.dev_loss)
    saved = result.model.save(tmp_path)
    assert CharLM.load("charlm", tmp_path).config == result.model.config and saved.exists()


def test_langid_training_reads_pairs_and_learns_them(tmp_path):
    from explainer.data.labelled import read_language_examples
    from explainer.evaluation.metrics import language_accuracy
    from explainer.train.langid import TrainConfig, alphabet, train
    from explainer.models.langid import LangIDConfig
    train_set, dev_set = read_language_examples(FIXTURES / "pairs.txt", 120, normalize)
    examples = train_set + dev_set
    assert len(examples) == 20 and {lang for _, lang in examples} == {0, 1}
    assert all(text == normalize(text) for text, _ in examples)
    config = LangIDConfig(embedding_dim=8, hidden_size=16, alphabet=alphabet(examples, 1))
    result = train(config, TrainConfig(batch_size=4, max_epochs=30, max_minutes=0.5), examples,
                   examples, progress=False)
    assert language_accuracy(result.model, examples) >= 0.9


def test_isnoun_training_labels_word_forms_by_their_usual_tag():
    from explainer.data.tagged import read_conllu
    from explainer.models.isnoun import IsNounConfig
    from explainer.data.labelled import word_labels
    from explainer.train.isnoun import TrainConfig, feature_vocabulary, train
    labels = word_labels(read_conllu(FIXTURES / "words.conllu"))
    assert labels["station"] == 1 and labels["Anna"] == 1 and labels["paints"] == 0
    examples = sorted(labels.items())
    config = IsNounConfig(hidden_size=8, features=feature_vocabulary([w for w, _ in examples], 1))
    result = train(TrainConfig(max_epochs=40, batch_size=4, dropout=0.0), examples, examples,
                   config, progress=False)
    assert result.dev_accuracy >= 0.9
    assert np.isclose(result.history[result.best_epoch]["dev_accuracy"], result.dev_accuracy,
                      atol=1e-4)
