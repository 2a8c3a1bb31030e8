"""What the Pros-and-cons tab says, held to what the shipped models do: each sentence of its text
that states a result is measured here again, and fails if the claim and the measurement part."""
from pathlib import Path

import pytest

from explainer.data.gold_tags import GOLD_SENTENCES, gold_tags
from explainer.data.tokenizer import tokenize
from explainer.explain.tradeoffs import compare_directions, load_delay, measure_delays
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
    steps = load_delay("elman").steps
    reach = {step: measure_delays(step, 256, 0) for step in steps}
    full = int(max(reach[steps[0]].delays))
    for cell in ("lstm", "elman"):
        first = next(s for s in steps if reach[s].reach(cell) == full)
        assert first == tradeoffs.DELAY_ALL_RIGHT[cell], cell
        assert all(reach[s].reach(cell) == full for s in steps if s >= first)   # "from ... on"
    # the Elman network gets the short delays right first: its reach grows with training
    grown = [reach[s].reach("elman") or 0 for s in steps]
    assert grown == sorted(grown) and 0 < grown[steps.index(1000)] < full


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
