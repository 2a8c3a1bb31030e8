"""The POS tab says an unknown word was "seen fewer than N times in training", with N read from the
shipped tagger's training config: held here to the vocabulary the tagger ships and, where the UD
English-EWT training file is present, to the counts in it."""
from collections import Counter
from pathlib import Path

import pytest

from explainer.data.tagged import read_conllu
from explainer.data.vocab import normalize
from explainer.explain.pos import SHIPPED_TAGGERS, load_tagger, shipped_min_word_count
from explainer.ui import pos

TRAIN = Path(__file__).resolve().parents[3] / "shared" / "data" / "ud_english_ewt" / \
    "en_ewt-ud-train.conllu"


def test_the_tab_states_the_configured_threshold():
    counts = {shipped_min_word_count(name) for name in SHIPPED_TAGGERS}
    assert counts == {2}
    intro = " ".join(pos.INTRO.format(unknown=pos.unknown_words()).split())
    assert "not in the tagger's vocabulary (seen fewer than 2 times in training)" in intro
    assert "never saw" not in intro and "never seen" not in intro


@pytest.mark.parametrize("name", SHIPPED_TAGGERS)
def test_the_vocabulary_is_exactly_the_words_seen_that_often(name):
    if not TRAIN.exists():
        pytest.skip(f"UD English-EWT train set not found at {TRAIN} (see ../shared/data/README.md)")
    seen = Counter(normalize(w) for s in read_conllu(TRAIN) for w in s.words)
    n = shipped_min_word_count(name)
    vocabulary = set(load_tagger(name).vocab.words.tokens[2:])       # after <pad>, <unk>
    assert vocabulary == {w for w, k in seen.items() if k >= n}
    assert any(k == 1 for k in seen.values())      # so "never seen" would be false for some
