"""Live training on a class's own sentences: bounded, per user, and it really learns."""
import gradio as gr
import pytest
import torch

from explainer.data.class_sample import sample_sentences
from explainer.data.tagged import TaggedSentence, read_tagged
from explainer.explain.live import MAX_SENTENCES, check_dataset, train_class_tagger, train_truncated
from explainer.ui import pos_class

from conftest import malformed_file


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
def test_malformed_uploads_get_a_line_numbered_message(name, message, tmp_path):
    with pytest.raises(gr.Error, match=message):
        next(pos_class.train_class_model(str(malformed_file(tmp_path, name)), 3))


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


def test_same_seed_same_run_and_the_global_generator_untouched():
    data = read_tagged(pos_class.SAMPLE)[:60]
    before = torch.random.get_rng_state()
    first = [c.losses for c, _ in train_class_tagger(data, epochs=3, seed=5)]
    assert torch.equal(torch.random.get_rng_state(), before)
    torch.manual_seed(123)                       # what other requests draw must not matter
    torch.rand(1000)
    second = [c.losses for c, _ in train_class_tagger(data, epochs=3, seed=5)]
    assert first == second
    assert [c.losses for c, _ in train_class_tagger(data, epochs=3, seed=6)] != first


def test_runs_side_by_side_do_not_couple():
    """Two users' runs interleaved epoch by epoch give what each gives alone."""
    data = read_tagged(pos_class.SAMPLE)[:60]
    alone = {seed: [c.losses for c, _ in train_class_tagger(data, epochs=3, seed=seed)]
             for seed in (1, 2)}
    runs = {seed: train_class_tagger(data, epochs=3, seed=seed) for seed in (1, 2)}
    together = {1: [], 2: []}
    for (c1, _), (c2, _) in zip(runs[1], runs[2]):
        together[1].append(c1.losses)
        together[2].append(c2.losses)
    assert together == alone


def test_truncated_bptt_leaves_the_global_generator_untouched():
    before = torch.random.get_rng_state()
    curves = [list(train_truncated(4, 4, seed=0, steps=20))[-1] for _ in range(2)]
    assert torch.equal(torch.random.get_rng_state(), before)
    assert curves[0].accuracy == curves[1].accuracy


def test_oversized_uploads_are_refused_with_a_short_message(tmp_path):
    huge_line = tmp_path / "class.csv"
    huge_line.write_text("cat,NOUN\n" + "x" * 3_000_000)
    many = tmp_path / "many.csv"
    many.write_text("cat,NOUN\n\n" * (MAX_SENTENCES + 1))
    for path, message in ((huge_line, "bytes"), (many, f"more than {MAX_SENTENCES:,} sentences")):
        with pytest.raises(gr.Error, match=message) as caught:
            next(pos_class.train_class_model(str(path), 3))
        assert len(str(caught.value)) < 300
    huge_line.write_text("cat,NOUN\n" + "x" * 1_000_000)
    with pytest.raises(gr.Error, match="more than 2,000 characters") as caught:
        next(pos_class.train_class_model(str(huge_line), 3))
    assert len(str(caught.value)) < 300
