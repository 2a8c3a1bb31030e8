"""The committed fixtures are the project's own: no sentence of theirs is in the corpora the
models train on (tests/fixtures/README.md). Runs where ../shared/data holds the corpora; skips
elsewhere, saying why."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "fixtures"


def _texts(path: Path) -> set[str]:
    """A tagged file's sentences: its `# text =` lines, and its words joined."""
    texts, words = set(), []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("# text = "):
            texts.add(line[len("# text = "):].strip())
        elif "\t" in line and line.split("\t")[0].isdigit():
            words.append(line.split("\t")[1])
        elif not line.strip() and words:
            texts.add(" ".join(words))
            words = []
    return texts


def test_no_fixture_sentence_is_in_the_corpora():
    treebank, pairs = DATA / "ud_english_ewt", DATA / "tatoeba_eng_fra" / "eng-fra.txt"
    if not treebank.is_dir() or not pairs.exists():
        pytest.skip(f"the corpora are not in {DATA} (see its README); the fixtures are checked "
                    "against them only where they are")
    corpus = set()
    for path in treebank.glob("*.conllu"):
        corpus |= _texts(path)
    for line in pairs.read_text(encoding="utf-8").splitlines():
        corpus.update(cell.strip() for cell in line.split("\t")[:2])
    tagged = [p for p in FIXTURES.rglob("*") if p.suffix in (".conllu", ".csv", ".tsv")]
    fixture_pairs = [p for p in (FIXTURES / "pairs").glob("*.txt")]
    assert tagged and fixture_pairs
    found = {t for p in tagged for t in _texts(p)}
    found |= {cell.strip() for p in fixture_pairs
              for line in p.read_text(encoding="utf-8").splitlines() for cell in line.split("\t")}
    assert len(found) > 30
    assert not found & corpus, sorted(found & corpus)[:5]
