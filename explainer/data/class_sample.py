"""The sample class dataset: 200 tagged sentences the project writes itself from a small grammar,
in the `word<TAB>tag` format a class spreadsheet exports (blank line between sentences).

    python -m explainer.data.class_sample        # rewrites assets/class-sample.tsv
"""
from __future__ import annotations

import random
from pathlib import Path

from ..paths import ASSETS

LEXICON = {
    "DET": ["the", "a", "this", "every", "my", "our"],
    "ADJ": ["purple", "small", "happy", "quiet", "old", "bright", "lazy", "clever", "neat"],
    "NOUN": ["cat", "dog", "student", "teacher", "robot", "garden", "book", "river", "lecture",
             "network", "window", "apple"],
    "NOUNS": ["cats", "dogs", "students", "teachers", "robots", "books", "apples", "networks"],
    "PROPN": ["Ada", "Alan", "Paris", "Grace", "Lyon"],
    "PRON": ["she", "he", "they", "we", "it"],
    "VERB": ["sees", "likes", "reads", "finds", "watches", "paints", "carries", "follows"],
    "VERBP": ["see", "like", "read", "find", "watch", "paint", "carry", "follow"],
    "VERBI": ["sleeps", "sings", "waits", "runs", "smiles", "learns"],
    "AUX": ["can", "will", "must", "should"],
    "ADV": ["quickly", "often", "slowly", "today", "never", "happily"],
    "ADP": ["in", "near", "under", "with", "behind", "on"],
    "CCONJ": ["and", "but"],
    "NUM": ["two", "three", "four", "ten"],
}

# sentence patterns: (lexicon class, UPOS tag) per word; "." ends every sentence
PATTERNS = [
    [("DET", "DET"), ("ADJ", "ADJ"), ("NOUN", "NOUN"), ("VERB", "VERB"), ("DET", "DET"),
     ("NOUN", "NOUN")],
    [("PROPN", "PROPN"), ("VERBI", "VERB"), ("ADP", "ADP"), ("DET", "DET"), ("NOUN", "NOUN")],
    [("PRON", "PRON"), ("AUX", "AUX"), ("VERBP", "VERB"), ("NUM", "NUM"), ("NOUNS", "NOUN")],
    [("DET", "DET"), ("NOUN", "NOUN"), ("VERBI", "VERB"), ("ADV", "ADV")],
    [("NOUNS", "NOUN"), ("VERBP", "VERB"), ("ADJ", "ADJ"), ("NOUNS", "NOUN"), ("CCONJ", "CCONJ"),
     ("PRON", "PRON"), ("VERBI", "VERB")],
    [("PRON", "PRON"), ("ADV", "ADV"), ("VERB", "VERB"), ("PROPN", "PROPN"), ("ADP", "ADP"),
     ("PROPN", "PROPN")],
    [("DET", "DET"), ("ADJ", "ADJ"), ("ADJ", "ADJ"), ("NOUN", "NOUN"), ("AUX", "AUX"),
     ("VERBP", "VERB"), ("ADV", "ADV")],
]


def sample_sentences(count: int = 200, seed: int = 0) -> list[list[tuple[str, str]]]:
    rng = random.Random(seed)
    sentences = []
    for _ in range(count):
        pattern = rng.choice(PATTERNS)
        words = [(rng.choice(LEXICON[cls]), tag) for cls, tag in pattern]
        words[0] = (words[0][0][0].upper() + words[0][0][1:], words[0][1])
        sentences.append(words + [(".", "PUNCT")])
    return sentences


def write_sample(path: Path) -> Path:
    blocks = ["\n".join(f"{w}\t{t}" for w, t in s) for s in sample_sentences()]
    path.write_text("word\ttag\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_sample(ASSETS / "class-sample.tsv"))
