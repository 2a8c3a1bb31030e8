"""Copy practice (explainer/data/augment.py): names and numbers swapped, the same on both sides."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from explainer.data.augment import CITIES, MEN, NUMBER, NUMBER_COPIES, WOMEN, swapped_pairs
from explainer.data.pairs import Pair

ROOT = Path(__file__).resolve().parents[2]

# invented pairs, as the corpus writes them
PAIRS = [Pair("The road is 45 km long.", "La route fait 45 km."),
         Pair("Mary loves Boston.", "Mary adore Boston."),
         Pair("It costs 3.5 euros.", "Ça coûte 3,5 euros."),
         Pair("Mary said Mary was tired.", "Mary a dit qu'elle était fatiguée."),   # 2 vs 1
         Pair("The cat sleeps.", "Le chat dort.")]


def test_names_and_cities_are_swapped_on_both_sides():
    copies = swapped_pairs(PAIRS, seed=3)
    named = [c for c in copies if not any(ch.isdigit() for ch in c.english)]
    assert len(named) == 2                       # Mary and Boston swapped; not the 2-vs-1 pair
    for copy in named:
        words = set(re.findall(r"[A-Z][a-z]+", copy.english)) - {"Mary", "Boston"}
        assert len(words) == 1
        (other,) = words
        assert other in WOMEN + CITIES and other in copy.french
    assert {c.english.split()[0] for c in named} <= {"Mary", *WOMEN}     # a woman for Mary
    assert all("Tom" not in c.english and not set(MEN) & set(c.english.split()) for c in named)


def test_numbers_are_swapped_alike_and_decimals_kept():
    assert NUMBER.findall("Tom is 45. It's 3.5 or 10:30, 1,000 and 7!") == ["45", "7"]
    copies = [c for c in swapped_pairs(PAIRS, seed=3) if "km" in c.french]
    assert len(copies) == NUMBER_COPIES
    for copy in copies:
        (number,) = NUMBER.findall(copy.english)
        assert NUMBER.findall(copy.french) == [number] and 1 <= len(number) <= 4
    assert len({c.english for c in copies}) > 1
    assert not any("3" in c.english and "euros" in c.english for c in swapped_pairs(PAIRS))
    assert swapped_pairs(PAIRS, seed=3) == swapped_pairs(PAIRS, seed=3)      # seeded
    assert not set(swapped_pairs(PAIRS)) & set(PAIRS)                        # copies only


def test_training_with_augment_counts_the_copies(tmp_path):
    pairs = tmp_path / "pairs.txt"
    lines = ["Mary sees the cat.\tMary voit le chat.", "Mary sees the dog.\tMary voit le chien.",
             "I have 3 cats.\tJ'ai 3 chats.", "We see the house.\tNous voyons la maison.",
             "You see the cat.\tTu vois le chat.", "Mary is here.\tMary est là."] * 4
    pairs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "RNN_EXPLAINER_DEVICE": "cpu"}
    common = ["--data", str(pairs), "--out", str(tmp_path)]
    for extra in (["--stage", "subwords"],
                  ["--model", "attention", "--max-epochs", "1", "--batch-size", "8", "--augment",
                   "--set", "embedding_dim=8", "--set", "encoder_hidden=8",
                   "--set", "decoder_hidden=8", "--set", "attention_dim=8", "--no-progress"]):
        done = subprocess.run([sys.executable, "-m", "explainer.train", "translate", *common,
                               *extra], cwd=ROOT, capture_output=True, text=True, timeout=180,
                              env=env)
        assert done.returncode == 0, done.stderr[-2000:]
    printed = re.search(r"augment: (\d+) copies", done.stdout)
    saved = json.loads((tmp_path / "translate-attention.json").read_text())
    assert printed and saved["augmented"] == int(printed[1]) > 0
    card = (tmp_path / "translate-attention.md").read_text()
    assert f"and {saved['augmented']:,} copies of train pairs" in card and "--augment" in card
    vocab = json.loads((tmp_path / "translate-attention.vocab.json").read_text())
    counted = sum(vocab["counts"]["source"])
    from explainer.data.pairs import PairVocab, read_pairs
    from explainer.data.splits import split_pairs
    train = split_pairs(read_pairs(pairs))[0]
    plain = PairVocab.build(train, tmp_path).counts["source"]
    assert counted > sum(plain)                 # the swapped copies' pieces are counted too
