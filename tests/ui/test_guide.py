"""The self-study path: every question's reveal is computed by the shipped models and judges a
prediction right exactly when it matches what the models compute here, independently."""
from __future__ import annotations

import numpy as np
import pytest

from explainer.data.examples import DECK_SENTENCE, UNGRAMMATICAL
from explainer.explain.gates import explain_gates
from explainer.explain.paradigms import explain_encoder_decoder
from explainer.explain.pos import explain_tagging, load_tagger
from explainer.explain.tradeoffs import compare_directions
from explainer.explain.translation import explain_translation
from explainer.ui import guide
from explainer.ui import guide_questions as q
from explainer.ui.errors import InputError
from explainer.ui.inputs import read_sentence
from explainer.ui.views import lecture_views

RIGHT, WRONG = "✔", "✘"


def test_every_view_has_an_intro_questions_words_and_links():
    views = lecture_views()
    assert [v.id for v in views] == list(guide.INTROS) == list(q.QUESTIONS)
    for view in views:
        sentences = [s for s in guide.INTROS[view.id].split(". ") if s]
        assert 2 <= len(sentences) <= 3, view.id
        assert 1 <= len(q.QUESTIONS[view.id]) <= 3, view.id
        assert set(guide.TERMS[view.id]) <= set(guide.GLOSSARY), view.id
    for term in ("spectral radius", "Jacobian", "fused kernel", "beam search", "BLEU"):
        assert term in guide.GLOSSARY


def test_the_cards_shown_are_the_shipped_ones():
    for names in guide.CARDS.values():
        for name in names:
            assert guide.card_text(name).startswith(f"# {name}")


def test_no_text_of_the_path_points_at_a_file():
    texts = [*guide.INTROS.values(), *guide.GLOSSARY.values()]
    texts += [question.prompt() for questions in q.QUESTIONS.values() for question in questions]
    assert not [t for t in texts if "assets/" in t or ".md" in t or ".py" in t]


def test_open_view_lands_at_the_top():
    js = guide.open_view_js("gates")
    assert "#tab-gates-button" in js and "scrollTo" in js


@pytest.mark.parametrize("typed, shape", [("(7, 2, 3)", (7, 2, 3)), ("7,2,3", (7, 2, 3)),
                                          ("[2 3]", (2, 3)), ("2x3", (2, 3)), ("(5,)", (5,))])
def test_a_shape_is_read_as_typed(typed, shape):
    assert q.read_shape("Input shape", typed) == shape


@pytest.mark.parametrize("typed", ["", "(0, 3)", "(1, 2, 3, 4, 5, 6)", "N, 3", "<b>", "9" * 50,
                                   None, 7])
def test_a_bad_shape_is_a_message(typed):
    with pytest.raises(InputError):
        q.read_shape("Input shape", typed)


def test_shape_blanks_are_checked_by_running_the_neurons():
    ok = q.check_shapes("Neuron", "(2, 3)", "(2, 4)")
    assert ok.count(RIGHT) == 2 and "returned **(2, 4)**" in ok
    rnn = q.check_shapes("RecurrentNeuron", "(7, 2, 3)", "(7, 2, 4)")
    assert rnn.count(RIGHT) == 2 and "final state (2, 4)" in rnn
    wrong = q.check_shapes("RecurrentNeuron", "(2, 3)", "(2, 4)")
    assert wrong.count(WRONG) == 2
    assert "failed" in wrong and "not enough values to unpack (expected 3, got 2)" in wrong
    transposed = q.check_shapes("Neuron", "(3, 2)", "(2, 4)")
    assert "mat1 and mat2 shapes cannot be multiplied" in transposed
    with pytest.raises(InputError):
        q.check_shapes("Neuron", "(1000, 1000, 3)", "(2, 4)")     # bounded before any work


def test_teeth_is_revealed_by_the_slide_tagger():
    tokens, _ = read_sentence(UNGRAMMATICAL)
    tag = explain_tagging(tokens, "slide").predicted[tokens.index("teeth")]
    assert RIGHT in q.teeth_tag(tag)
    other = next(t for t in load_tagger("slide").vocab.tags.tokens if t != tag)
    assert WRONG in q.teeth_tag(other)
    with pytest.raises(InputError):
        q.teeth_tag("<b>")


def test_the_forget_gate_answer_is_the_lowest_mean_forget_gate():
    tokens, _ = read_sentence(DECK_SENTENCE)
    mean = explain_gates(tokens, "slide").forget_gate.mean(axis=1)
    lowest = 1 + int(np.argmin(mean[1:]))
    assert RIGHT in q.forget_most(lowest)
    assert WRONG in q.forget_most(1 if lowest != 1 else 2)
    choices = [value for _, value in q._words(DECK_SENTENCE, skip_first=True)]
    assert choices == list(range(1, len(tokens)))


def test_same_word_different_tags_by_the_tagger():
    first, second = "I read a good book.", "Please book a table for two."
    tags = [explain_tagging(read_sentence(s)[0], "slide").predicted[read_sentence(s)[0].index(
        "book")] for s in (first, second)]
    truth = q.SAME_OR_NOT[0] if tags[0] == tags[1] else q.SAME_OR_NOT[1]
    assert RIGHT in q.same_word_twice("book", first, second, truth)
    assert WRONG in q.same_word_twice("book", first, second,
                                      next(c for c in q.SAME_OR_NOT if c != truth))
    with pytest.raises(InputError):
        q.same_word_twice("cat", first, second, truth)


@pytest.mark.parametrize("radius", [0.5, 1.5])
def test_the_gradient_trend_follows_the_computed_decay(radius):
    answers = [q.gradient_trend(radius, choice) for choice in q.TRENDS]
    assert sum(RIGHT in a for a in answers) == 1
    decay = float(answers[0].split("**")[1])
    truth = 0 if decay < 0.9 else 2 if decay > 1.1 else 1
    assert RIGHT in answers[truth]
    assert truth == (0 if radius < 1 else 2)     # far from 1 the radius decides, as taught


def test_the_decoder_length_is_what_the_decoder_wrote():
    written = [w for w in explain_encoder_decoder("I am cold.").target if w != "</s>"]
    assert RIGHT in q.decoder_length("I am cold.", len(written))
    assert WRONG in q.decoder_length("I am cold.", len(written) + 1)
    with pytest.raises(InputError):
        q.decoder_length("", 3)


def test_the_attention_answer_is_the_row_maximum():
    trace = explain_translation(q.TRANSLATION_SENTENCE, "attention", 0)
    k = q.attention_step(trace)
    top = int(trace.attention[k].argmax()) + 1
    assert RIGHT in q.attention_focus(top)
    assert WRONG in q.attention_focus(1 if top != 1 else 2)
    assert trace.target[k] in q._translation_prompt()


def test_future_words_change_only_what_reads_them():
    tokens, _ = read_sentence(q.FUTURE_SENTENCE)
    i = tokens.index("flies")
    trace = compare_directions(tokens, "slide", "best")
    truth = ((trace.forward_prefix_change[i] > q.CHANGED)
             + 2 * (trace.both_prefix_change[i] > q.CHANGED))
    assert trace.forward_prefix_change[i] <= q.CHANGED        # left to right cannot see them
    assert RIGHT in q.future_words(q.WHO_CHANGES[truth])
    assert WRONG in q.future_words(q.WHO_CHANGES[(truth + 1) % 4])

