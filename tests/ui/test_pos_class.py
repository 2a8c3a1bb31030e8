"""Live training on a class's own sentences: bounded, per user, and it really learns."""
from pathlib import Path

import gradio as gr
import pytest

from explainer.data.class_sample import sample_sentences
from explainer.data.tagged import TaggedSentence, read_tagged
from explainer.explain.live import MAX_SENTENCES, check_dataset, train_class_tagger
from explainer.ui import pos_class

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_sample_file_is_the_generated_one():
    sentences = read_tagged(pos_class.SAMPLE)
    assert len(sentences) == 200
    assert [list(zip(s.words, s.tags)) for s in sentences] == sample_sentences()


def test_training_on_the_sample_reaches_90_percent():
    sentences = read_tagged(pos_class.SAMPLE)
    steps = list(train_class_tagger(sentences, epochs=6, seed=0))
    curve, model = steps[-1]
    assert [len(c.losses) for c, _ in steps] == list(range(1, 7)) and curve.done
    assert not any(c.done for c, _ in steps[:-1])
    assert curve.accuracies[-1] >= 0.9 > curve.accuracies[0] - 0.5
    assert curve.losses[-1] < curve.losses[0]
    tags = model.tag([["The", "happy", "cat", "sleeps", "."]])[0]
    assert tags == ["DET", "ADJ", "NOUN", "VERB", "PUNCT"]


def test_each_training_has_its_own_model():
    data = read_tagged(pos_class.SAMPLE)[:40]
    a = list(train_class_tagger(data, epochs=2, seed=0))[-1][1]
    b = list(train_class_tagger(data, epochs=2, seed=1))[-1][1]
    assert a is not b
    assert any((p - q).abs().max() > 0 for p, q in zip(a.parameters(), b.parameters()))


def test_time_budget_stops_training():
    steps = list(train_class_tagger(read_tagged(pos_class.SAMPLE), epochs=40, max_seconds=0.0))
    assert len(steps) == 1 and steps[0][0].done and "time limit" in steps[0][0].stopped


def test_limits_are_enforced():
    with pytest.raises(ValueError, match="no tagged sentences"):
        check_dataset([])
    many = [TaggedSentence(("a",), ("DET",))] * (MAX_SENTENCES + 1)
    with pytest.raises(ValueError, match="at most"):
        check_dataset(many)
    long = [TaggedSentence(("a",) * 65, ("DET",) * 65, line=7)]
    with pytest.raises(ValueError, match="line 7 has 65 words"):
        check_dataset(long)


@pytest.mark.parametrize("name,message", [("bad-tag.csv", "line"), ("bad-row.tsv", "line"),
                                          ("bad-tag.conllu", "line")])
def test_malformed_uploads_get_a_line_numbered_message(name, message):
    with pytest.raises(gr.Error, match=message):
        next(pos_class.train_class_model(str(FIXTURES / name), 3))


def test_binary_upload_is_refused(tmp_path):
    junk = tmp_path / "photo.csv"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(gr.Error, match="UTF-8"):
        next(pos_class.train_class_model(str(junk), 3))


def test_no_file_and_no_model_say_what_to_do():
    with pytest.raises(gr.Error, match="Upload"):
        next(pos_class.train_class_model(None, 3))
    with pytest.raises(gr.Error, match="Train a model"):
        pos_class.tag_with_class_model("cats sleep", None)


def test_handler_streams_progress_then_the_model():
    updates = list(pos_class.train_class_model(str(pos_class.SAMPLE), 3))
    assert len(updates) == 3
    assert "Epoch 1" in updates[0][0] and "done" in updates[-1][0]
    model = updates[-1][2]
    html = pos_class.tag_with_class_model("The happy cat sleeps .", model)
    assert "NOUN" in html
