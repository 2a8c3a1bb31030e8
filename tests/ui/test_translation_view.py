"""The Translation tab's handlers on the shipped translators (the deck's sentence, several
sentences, the beam tree, both what-ifs) and the checks of what a user types, before any work."""
import re
from html import escape

import gradio as gr
import pytest

from conftest import sent_figure

from explainer.ui import translation
from explainer.ui.inputs import InputError, read_english_text

DECK = "I love purple cats. Cats are neat."


@pytest.mark.parametrize("text,message", [
    ("   ", "Type an English sentence"),
    ("A cat. " * 29, "up to 200 characters; this one has 202"),
    ("I run. You run. We run. They run. She runs.", "up to 4 sentences at a time; this text has 5"),
    ("I am here. Words " + "word " * 15, "Sentence 2: The translators were trained on sentences of up "
     "to 15 words; this one has 16"),
    ("," * 26, "read this sentence as 27 tokens"),
    ("A" + "," * 23 + ". A" + "," * 23 + ". Go.", "reads this text as 52 tokens; it takes up to 50"),
    (["a list"], "must be text"),
])
def test_text_that_cannot_be_translated_is_refused_with_what_to_do(text, message):
    with pytest.raises(InputError, match=message):
        read_english_text(text)


def test_the_budget_counts_the_models_own_tokens():
    pieces = lambda text: list(text.replace(" ", ""))        # a model reading characters
    assert read_english_text(DECK) == ["I love purple cats.", "Cats are neat."]
    assert read_english_text(DECK, pieces) == ["I love purple cats.", "Cats are neat."]
    with pytest.raises(InputError, match="Sentence 2: The translators read this sentence as 28 "):
        read_english_text("Cats are neat. I love purple cats very much, yes.", pieces)
    with pytest.raises(InputError, match="reads this text as 64 tokens"):
        read_english_text("I love purple cats. " * 4, lambda text: text.split() * 4)


def test_the_deck_sentence_is_translated_sentence_by_sentence():
    result, heatmap, player, tree = translation.translate(DECK, 5, 1, False)
    assert result.count("<tr>") == 3                         # a header and two sentences
    assert "J&#x27;adore les chats" in result and "Les chats sont" in result
    # subword translators: "purple" is pieces, each with how often training saw it; no <unk>
    assert re.search(r"“purple” \(English\): the model reads it as 3 pieces: <code>▁p</code> "
                     r"\([\d,]+×\) \+ <code>ur</code>", result)
    assert "“neat” (English): the model reads it as 1 piece: <code>▁neat</code> (" in result
    assert "(n× = how often the training pairs held each piece)" in result
    assert "⟨unk⟩" not in result and "never seen" not in result.lower()
    assert "beam search (5)" in result and "Drawn below: sentence 1 of 2" in result
    assert "Beam search, 5 hypotheses" in tree.plot and "rnn-player" in player
    second = translation.translate(DECK, 1, 2, False)[0]
    assert "Drawn below: sentence 2 of 2" in second and "Greedy" in translation.translate(
        DECK, 1, 2, False)[3].plot


def test_what_ifs_answer_on_the_shown_sentence():
    forced, heatmap = translation.force_attention(DECK, 1, 1, 4, 3)
    assert "At step 4 all attention went to “purple”" in forced
    prefix, _ = translation.force_prefix(DECK, 1, "Moi, j'aime")
    assert "<b>after</b>: Moi, j&#x27;aime" in prefix and "How probable" in prefix
    with pytest.raises(gr.Error, match="choose a word from 1 to 5"):
        translation.force_attention(DECK, 1, 1, 2, 9)
    with pytest.raises(gr.Error, match="type at most 20"):
        translation.force_prefix(DECK, 1, "le " * 21)
    rare, _ = translation.force_prefix(DECK, 1, "J'adore les chats mauves")
    assert "<b>after</b>: J&#x27;adore les chats mauves" in rare          # kept verbatim
    assert "each piece you typed: ▁J <b>" in rare and " · auves <b>" in rare
    assert "⟨unk⟩" not in rare


@pytest.fixture
def subword_translator(monkeypatch, tmp_path):
    """The tab on a subword translator (untrained, seeded; pieces counted on the fixture pairs),
    as the retrained models will be: the same handlers, through the same functions."""
    from pathlib import Path

    import torch

    from explainer.data.pairs import PairVocab, read_pairs
    from explainer.data.subwords import MODEL_FILES, train_subwords
    from explainer.explain import translation as explain_translation
    from explainer.models.translator import Translator, TranslatorConfig
    pairs = read_pairs(Path(__file__).resolve().parents[1] / "fixtures" / "pairs" /
                       "tiny-eng-fra.txt")
    train_subwords([p.english for p in pairs], tmp_path / MODEL_FILES["source"], 8000)
    train_subwords([p.french for p in pairs], tmp_path / MODEL_FILES["target"], 8000)
    vocab = PairVocab.build(pairs, tmp_path)
    torch.manual_seed(0)
    models = {name: Translator(TranslatorConfig(name=name, attention=name == "attention",
                                                embedding_dim=16, encoder_hidden=16,
                                                decoder_hidden=32, attention_dim=16,
                                                dropout=0.0).sized(vocab), vocab).eval()
              for name in ("attention", "plain")}
    for module in (explain_translation, translation):
        monkeypatch.setattr(module, "load_translator", models.__getitem__)
    return models["attention"]


def test_the_tab_works_on_subword_pieces(subword_translator):
    vocab = subword_translator.vocab
    result, heatmap, _, _ = translation.translate(DECK, 3, 1, False)
    purple = vocab.source_tokens("purple")
    assert len(purple) > 1                         # not in the 32 fixture pairs: pieces
    counts = " + ".join(f"<code>{escape(p)}</code> ({vocab.seen('source', p):,}×)"
                        for p in purple)
    assert f"“purple” (English): the model reads it as {len(purple)} pieces: {counts}" in result
    assert "⟨unk⟩" not in result.split("Words the models")[1].split("French")[0]
    words = sent_figure(heatmap)
    assert "purple" in words["layout"]["xaxis"]["ticktext"]           # words by default
    assert "summed over the English word's pieces" in words["layout"]["title"]["text"]
    pieces = sent_figure(translation.translate(DECK, 3, 1, True)[1])
    assert list(pieces["layout"]["xaxis"]["ticktext"]) == vocab.source_tokens(
        "I love purple cats.")
    forced, _ = translation.force_attention(DECK, 1, 1, 2, 3)
    assert "all attention went to “purple”" in forced
    typed, _ = translation.force_prefix(DECK, 1, "J'aime les chats violets")
    assert "<b>after</b>: J&#x27;aime les chats violets" in typed
    assert "Not in the model's French vocabulary" not in typed


def test_the_lecture_scenes_claim_about_purple_holds():
    """Scene 3's caption says the models read a rarely seen word such as "purple" as pieces."""
    from explainer.explain.translation import load_translator
    from explainer.ui.scenes import SCENES
    scene = next(s for s in SCENES if s.name == "translation-example")
    assert "a rarely seen word such as “purple” is read as pieces" in scene.look
    vocab = load_translator("attention").vocab
    pieces = vocab.source_tokens("purple")
    assert len(pieces) > 1 and all(0 < vocab.seen("source", p) for p in pieces)
    assert vocab.source_tokens("cats") == ["▁cats"]          # a word seen often: one piece
