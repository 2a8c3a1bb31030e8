"""What the Pros-and-cons tab says, held to what the shipped models do: each sentence of its text
that states a result is measured here again, and fails if the claim and the measurement part."""
from pathlib import Path

import pytest

from explainer.data.gold_tags import GOLD_SENTENCES, gold_tags
from explainer.data.tokenizer import tokenize
from explainer.explain.tradeoffs import EVAL_DELAYS, compare_directions, load_delay
from explainer.models.delay import accuracy_by_delay
from explainer.ui import tradeoffs

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "ud_english_ewt" / \
    "en_ewt-ud-dev.conllu"


def flat(text: str) -> str:
    return " ".join(text.split())


def outcome(sentence: str) -> dict[str, list[str]]:
    trace = compare_directions(tokenize(sentence), "slide", "best")
    return {key: [trace.tokens[i] for i in indices] for key, indices in trace.outcomes().items()}


def test_every_example_has_our_gold_tags():
    assert all(gold_tags(tokenize(s)) is not None for s in tradeoffs.DIRECTION_EXAMPLES)
    assert set(tradeoffs.DIRECTION_EXAMPLES) <= set(GOLD_SENTENCES)


def test_time_flies_only_the_bidirectional_tagger_gets_flies_right():
    assert ("in *Time flies like an arrow.* only the bidirectional tagger gets *flies* right"
            in flat(tradeoffs.FUTURE))
    result = outcome("Time flies like an arrow.")
    assert result["both_only"] == ["flies"] and result["forward_only"] == []


def test_refuse_permit_only_the_left_to_right_tagger_gets_the_noun_right():
    assert ("only the left-to-right one gets the second *refuse* right (a noun)"
            in flat(tradeoffs.FUTURE))
    sentence = "They refuse to permit us to obtain the refuse permit."
    result = outcome(sentence)
    assert result["forward_only"] == ["refuse"] and result["both_only"] == []
    assert gold_tags(tokenize(sentence))[8] == "NOUN"


@pytest.mark.parametrize("sentence", tradeoffs.DIRECTION_EXAMPLES)
def test_the_left_to_right_answers_move_less_than_a_millionth(sentence):
    assert "differences below 10⁻⁶ are float rounding" in flat(tradeoffs.FUTURE)
    trace = compare_directions(tokenize(sentence), "slide", "best")
    assert trace.forward_prefix_change.max() < 1e-6


def test_the_garden_path_fools_both():
    assert "*The old man the boat.* can fool both" in flat(tradeoffs.FUTURE)
    assert "man" in outcome("The old man the boat.")["neither"]


def test_the_status_names_who_is_right_on_the_gold_tags():
    _, _, summary = tradeoffs.show_directions("Time flies like an arrow.")
    assert ("only the bidirectional tagger is right on “flies” (VERB: slide NOUN, best VERB)"
            in summary)
    assert "both are right on the other 5 of 6" in summary
    _, _, summary = tradeoffs.show_directions("A sentence we hold no gold for.")
    assert "Gold tags" not in summary


def test_ewt_dev_counts_are_what_the_taggers_do():
    if not DEV.exists():
        pytest.skip(f"UD English-EWT dev set not found at {DEV} (see ../shared/data/README.md)")
    from explainer.evaluation.directions import measure
    counts = measure(str(DEV), "slide", "best", batch_size=512)
    assert (counts.words, counts.both_only, counts.forward_only) == tuple(
        tradeoffs.EWT_DEV_DIRECTIONS[k] for k in ("words", "both_only", "forward_only"))


def test_delay_claims_hold_on_the_shipped_checkpoints():
    """"first right at every delay at step X": not at the checkpoint before X, and at X; the Elman
    network right on the short delays (not all) at the checkpoint before its X."""
    text = flat(tradeoffs.DELAY)
    assert "is first right on ≥ 95% of every delay at step {lstm_all:,}" in text
    assert "having got the short delays right first" in text
    steps = load_delay("elman").steps
    delays = list(EVAL_DELAYS)
    for cell in ("lstm", "elman"):
        checkpoints = load_delay(cell)
        first = tradeoffs.DELAY_ALL_RIGHT[cell]
        before = steps[steps.index(first) - 1]
        for step, everywhere in ((before, False), (first, True)):
            scores = accuracy_by_delay(checkpoints.at(step), delays, 256, 0)
            assert (min(scores) >= 0.95) == everywhere, (cell, step, scores)
            if cell == "elman" and not everywhere:
                assert scores[0] >= 0.95                    # the short delays right first


def test_delay_text_states_units_and_both_parameter_counts():
    elman, lstm = (tradeoffs.delay_parameters(c) for c in ("elman", "lstm"))
    assert load_delay("elman").config.hidden_size == load_delay("lstm").config.hidden_size
    assert elman != lstm and "same size" not in tradeoffs.DELAY
    assert "same number of hidden units" in tradeoffs.DELAY and "{lstm:,}" in tradeoffs.DELAY


def test_sizes_text_states_the_mlp_claim_precisely():
    _, text = tradeoffs.show_sizes(10)
    assert "an MLP over the whole sentence would need" in text and "window MLP needs" in text
    assert "every new L needs a new, bigger model" not in tradeoffs.SIZES


def test_speed_note_names_what_was_measured():
    assert "not tested here" in tradeoffs.speed_device_note("CPU (2 threads)")
    assert "not tested" not in tradeoffs.speed_device_note("CUDA (NVIDIA H100)")
    assert ("This inherently sequential nature precludes parallelization within training "
            "examples, which becomes critical at longer sequence lengths, as memory constraints "
            "limit batching across examples.") in flat(tradeoffs.SPEED)


def test_the_cards_and_the_readme_state_what_the_models_are():
    root = Path(__file__).resolve().parents[2]
    for cell in ("elman", "lstm"):
        card = (root / "assets" / f"delay-{cell}.md").read_text()
        assert f"{tradeoffs.delay_parameters(cell):,} parameters" in card
        assert "same number of units" in card and "has the same size" not in card
    readme = flat((root / "README.md").read_text())
    import json
    for name in ("slide", "elman", "best"):
        accuracy = json.loads((root / "assets" / f"pos-{name}.json").read_text())["dev_accuracy"]
        assert f"{name} {accuracy:.1%}" in readme
    assert "Embedding(word ⊕ shape ⊕ suffix) → LSTM → Linear" in readme
