"""Ready for subword translators (issue 15).

1. The shipped translators on the deck's sentence, once they are subword ones: both sentences
   translated (beam 5 and greedy), no <unk>, and the tab's note says how often each piece of
   "purple" and "neat" was seen in training. Skipped, saying why, while assets/ holds the
   word-level translators.
2. The same path end to end now, on tiny subword translators trained by the training CLI on the
   invented fixture pairs (tests/cli/test_translate_cli.py trains and evaluates one attention
   model; this adds the plain one, the Translation tab's handler on both, and `evaluate translate
   --goals`). The tiny models translate badly; what is checked is what holds for any weights.
"""
import os
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import numpy as np
import pytest

from explainer.data.pairs import EOS
from explainer.data.vocab import UNK
from explainer.data.subwords import words_of
from explainer.models.translator import Translator

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "pairs" / "tiny-eng-fra.txt"
DECK = "I love purple cats. Cats are neat."
TINY = ["--set", "embedding_dim=16", "--set", "encoder_hidden=16", "--set", "decoder_hidden=32",
        "--set", "attention_dim=16"]


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "RNN_EXPLAINER_DEVICE": "cpu"})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def seen_notes(result, vocab, word: str) -> list[str]:
    """The tab's note for English `word`, checked to name each of its pieces with the times
    training saw it; returns the pieces."""
    from explainer.ui.translation_text import notes_html
    pieces = vocab.source_tokens(word)
    note = next(n for n in result.notes if n.side == "English" and n.word == word)
    assert note.pieces == tuple(pieces) and note.known
    shown = notes_html(result)
    assert f"“{word}” (English)" in shown
    for piece in pieces:
        assert f"<code>{escape(piece)}</code> ({vocab.seen('source', piece):,}×)" in shown
    assert "(n× = how often the training pairs held each piece)" in shown
    return pieces


def deck_sentence_checks(result, vocab):
    assert result.sentences == ("I love purple cats.", "Cats are neat.")
    assert all(t.strip() for t in result.attention_texts + result.plain_texts)
    assert result.vocabulary["unit"] == "piece"
    assert not result.steps.unknown_source.any()                    # no input piece is <unk>
    for side in ("English", "French"):
        assert all(n.known for n in result.notes if n.side == side)
    for word in ("purple", "neat"):
        seen_notes(result, vocab, word)


# ---- 1. the shipped translators, once they read pieces ---------------------------------------

@pytest.mark.parametrize("beam", [5, 0])
def test_the_shipped_translators_take_the_decks_sentence(beam):
    from explainer.explain.translation import explain_text_translation, load_translator
    model = Translator.load("attention")
    if model.vocab.subwords is None:
        pytest.skip("the shipped translators (assets/translate-*.safetensors) are still the "
                    "word-level ones: these are the issue-15 acceptance checks for subword "
                    "translators, run once they are retrained (`python -m explainer.train "
                    "translate --stage subwords`, then each model) and shipped")
    result = explain_text_translation(DECK, beam, 0)
    deck_sentence_checks(result, load_translator("attention").vocab)
    for text in result.attention_texts + result.plain_texts:
        assert UNK not in text
    assert UNK not in result.steps.target


# ---- 2. the same path on tiny subword translators trained on the fixture pairs ---------------

@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Subword models, then an attention and a plain translator, trained by the CLI."""
    out = tmp_path_factory.mktemp("tiny-translators")
    run("explainer.train", "translate", "--stage", "subwords", "--data", str(FIXTURE),
        "--out", str(out))
    for name in ("attention", "plain"):
        run("explainer.train", "translate", "--data", str(FIXTURE), "--model", name, "--out",
            str(out), "--max-epochs", "3", "--batch-size", "8", "--lr", "0.01", *TINY,
            "--no-progress")
    return out


@pytest.fixture
def shipped_tiny(tiny, monkeypatch):
    """The tiny translators in place of the shipped ones, for the explain layer and the tab."""
    import explainer.explain.translation as explain_translation
    import explainer.ui.translation as tab
    models = {name: Translator.load(name, tiny) for name in ("attention", "plain")}
    monkeypatch.setattr(explain_translation, "load_translator", models.__getitem__)
    monkeypatch.setattr(tab, "load_translator", models.__getitem__)
    return models


@pytest.mark.parametrize("beam", [5, 0])
def test_the_decks_sentence_through_tiny_subword_translators(shipped_tiny, beam):
    from explainer.explain.translation import explain_text_translation
    result = explain_text_translation(DECK, beam, 1)
    deck_sentence_checks(result, shipped_tiny["attention"].vocab)
    assert result.shown == 1 and result.steps.source[0].startswith("\u2581")   # pieces
    assert len(result.attention_text) >= len(result.attention_texts[0]) + 1


def test_the_tab_shows_words_and_pieces_of_tiny_subword_translators(shipped_tiny):
    from explainer.ui.translation import translate
    for pieces in (False, True):
        html, heatmap, player, tree = translate(DECK, 4, 2, pieces)    # sentence 2 drawn
        assert "how often the training pairs held each piece" in html and "purple" in html
        figure = __import__("json").loads(tree.plot)
        source = figure["layout"]["meta"]["source"]
        nodes = figure["data"][-1]["customdata"]
        tokens = shipped_tiny["attention"].vocab.source_tokens("Cats are neat.")
        assert source == (tokens if pieces else ["Cats", "are", "neat", "."])
        assert figure["layout"]["meta"]["unit"] == ("piece" if pieces else "word")
        rows = np.array([row[4:] for row in nodes], dtype=float)
        assert rows.shape[1] == len(source)
        np.testing.assert_allclose(rows.sum(axis=1), 1.0, atol=1e-3)   # a word: its pieces summed
        assert len(words_of(tokens)) == 4
        assert all(EOS not in row[0] for row in nodes)


def test_evaluate_goals_on_tiny_subword_translators(tiny):
    printed = run("explainer.evaluate", "translate", "--goals", "--assets", str(tiny),
                  "--pairs", str(FIXTURE))
    assert printed.count("pairs: 32,") == 3                     # attention beam 5, greedy, plain
    assert "decoding: beam 5" in printed and "decoding: greedy" in printed
    assert "model: translate-plain" in printed
    lines = printed.strip().splitlines()
    assert re.fullmatch(r"goals met: [0-6] of 6", lines[-1]), lines[-1]
    goals = lines[-7:-1]
    names = ["attention beam 5, <= 10 words, BLEU", "attention greedy, <= 10 words, BLEU",
             "attention beam 5, 9-15 words, BLEU",
             "attention minus plain (beam 5), 9-15 words, BLEU", "outputs with <unk> (of 96)",
             "outputs with a word three times in a row (of 96)"]
    for line, name in zip(goals, names):
        assert re.fullmatch(rf" *(met|MISSED)  {re.escape(name)}: -?(\d+\.\d|\d+|nan) "
                            r"\(goal (>= \d+|= 0)\)", line), line
    met = sum(line.strip().startswith("met") for line in goals)
    assert lines[-1] == f"goals met: {met} of 6"
    assert lines[-8] == "the goals, input sentence by sentence (0 of 32 lines hold several " \
                        "sentences):"


# Invented lines, two of them of two sentences (as 61 of the dev split's 6,870 lines are): the
# evaluation gives the models what the Translation tab gives them, one sentence at a time.
SEVERAL = ["The purple robot hums. It naps by the lamp.\tLe robot violet bourdonne. Il dort.",
           "The purple robot hums.\tLe robot violet bourdonne.",
           "It naps by the lamp.\tIl fait la sieste près de la lampe.",
           "Wait here! The bus is late!\tAttends ici ! Le bus est en retard !",
           "Wait here!\tAttends ici !", "The bus is late!\tLe bus est en retard !",
           "I love purple cats.\tJ'adore les chats violets."]


@pytest.mark.parametrize("whole", [False, True])
def test_evaluate_translates_sentence_by_sentence_as_the_tab_does(tiny, tmp_path, whole):
    pairs = tmp_path / "several.txt"
    pairs.write_text("\n".join(SEVERAL) + "\n", encoding="utf-8")
    printed = run("explainer.evaluate", "translate", "--model", "plain", "--beam", "5",
                  "--assets", str(tiny), "--pairs", str(pairs), "--examples", "7",
                  *(["--whole-lines"] if whole else []))
    mode = "whole lines" if whole else "sentence by sentence"
    assert f"input: {mode} (2 of 7 lines hold several sentences)" in printed
    out = re.findall(r"^OUT (.*)$", printed, flags=re.M)
    assert len(out) == 7 and all(out)
    if not whole:                    # the two-sentence lines: their sentences' own translations
        assert out[0] == f"{out[1]} {out[2]}" and out[3] == f"{out[4]} {out[5]}"


@pytest.mark.parametrize("beam", [0, 5])
def test_translate_pairs_by_sentence_with_the_shipped_attention_model(beam):
    from explainer.data.pairs import Pair
    from explainer.evaluation.bleu import translate_pairs
    model = Translator.load("attention")
    pairs = [Pair(DECK, ""), Pair("I love purple cats.", ""), Pair("Cats are neat.", ""),
             Pair("Mr. Smith is here.", "")]
    whole = translate_pairs(model, pairs, beam)
    split = translate_pairs(model, pairs, beam, by_sentence=True)
    assert split[0] == f"{whole[1]} {whole[2]}"                 # two sentences, each alone
    assert split[1:] == whole[1:]                                # one sentence: the same input
    assert split[0].count(".") == 2 and "<unk>" not in split[0]


def test_the_goals_are_read_from_the_runs_outputs():
    from explainer.data.pairs import Pair
    from explainer.evaluation.bleu import corpus_bleu
    from explainer.evaluation.translate_goals import RUNS, goals
    short = Pair("I see the cat.", "Je vois le chat.")
    middle = Pair("I think that the little cat is in the big garden.",
                  "Je pense que le petit chat est dans le grand jardin.")
    pairs = [short, middle]
    perfect = [p.french for p in pairs]
    outputs = {RUNS[0]: perfect, RUNS[1]: ["Je vois le chat chat chat.", middle.french],
               RUNS[2]: [short.french, "Je <unk> le jardin."]}
    found = {g.name.split(" (of")[0]: g for g in goals(pairs, outputs)}
    assert found["attention beam 5, <= 10 words, BLEU"].value == pytest.approx(100)
    assert found["attention beam 5, <= 10 words, BLEU"].met
    greedy = found["attention greedy, <= 10 words, BLEU"]        # the 4-word pair only
    assert greedy.value == pytest.approx(corpus_bleu(["Je vois le chat chat chat."],
                                                     [short.french]))
    assert greedy.value < 100
    assert found["attention beam 5, 9-15 words, BLEU"].value == pytest.approx(100)
    assert found["attention minus plain (beam 5), 9-15 words, BLEU"].value > 8
    assert found["outputs with <unk>"].value == 1 and not found["outputs with <unk>"].met
    loops = found["outputs with a word three times in a row"]
    assert loops.value == 1 and loops.line().startswith("MISSED")
