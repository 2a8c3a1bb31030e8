"""What the Paradigms tab says, held to the shipped models."""
from explainer.explain.paradigms import explain_generation, load_charlm, load_isnoun, load_langid
from explainer.explain.pos import load_tagger
from explainer.ui import paradigms


def flat(text: str) -> str:
    return " ".join(text.split())


def test_different_outputs_on_the_same_input_are_the_samplers():
    samples = paradigms.generation_samples("R", 40, 0.8, (0, 1, 2)).splitlines()
    assert len(set(samples)) == 3                          # one input, three outputs
    again = explain_generation("R", 40, 0.8, 1).text
    assert again == explain_generation("R", 40, 0.8, 1).text   # same sampling seed, same text
    assert '"When might you want different outputs on the same input?"' in flat(
        paradigms.ONE_TO_MANY)


def test_the_deck_examples_named_and_the_sizes_read_from_the_models():
    one_to_many = flat(paradigms.ONE_TO_MANY)
    assert "image captioning" in one_to_many and "{hidden} units" in one_to_many
    assert load_charlm().config.hidden_size and load_langid().config.hidden_size
    assert "{hidden} hidden units" in flat(paradigms.ONE_TO_ONE)
    layers = [type(m).__name__ for m in load_isnoun().modules()]
    assert layers.count("Linear") == 2                      # "a 2-layer perceptron"


def test_the_slide_tagger_is_described_as_it_is_built():
    config = load_tagger("slide").config
    assert config.cell == "lstm" and config.num_layers == 1 and not config.bidirectional
    assert config.shape_dim > 0 and config.suffix_dim > 0 and config.char_dim == 0
    assert "Embedding(word ⊕ shape ⊕ suffix) → LSTM → Linear" in flat(paradigms.MANY_TO_MANY)


def test_the_translation_slide_is_there():
    text = flat(paradigms.ENCODER_DECODER)
    for way in ("**word by word**", "**sentence by sentence**", "**bag of words**"):
        assert way in text


def test_every_text_formats_with_nothing_left_in_braces():
    shown = [paradigms.ONE_TO_ONE.format(hidden=32), paradigms.MANY_TO_ONE.format(hidden=64),
             paradigms.ONE_TO_MANY.format(hidden=256, seed="R", temperature=0.8, samples="-"),
             paradigms.MANY_TO_MANY, paradigms.ENCODER_DECODER]
    assert not any("{" in text or "}" in text for text in shown)
    assert "word by word." not in flat(paradigms.ENCODER_DECODER)   # greedy is not the slide's
