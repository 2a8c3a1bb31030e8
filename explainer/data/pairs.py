"""English-French sentence pairs: reading, the train/dev split, vocabularies, id tensors.

The corpus is Tatoeba's English-French pairs as manythings.org releases them: one pair a line,
`English<TAB>French` (any further columns, such as an attribution, are ignored).

The train/dev split (a hash of the lowercased English sentence) is in explainer/data/splits.py.

Write the dev split (or a slice of it) to a file without committing it:
    python -m explainer.data.pairs --data ../shared/data/tatoeba_eng_fra --split dev \\
        --out .data/dev.txt [--min-words 9 --max-words 15] [--per-bucket 500]
"""
from __future__ import annotations

import argparse
import json
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor
from torch.nn.utils.rnn import pad_sequence

from .pair_text import detokenize_french, english_words, tokenize_english, tokenize_french
from .splits import split_pairs
from .subwords import MODEL_FILES, Subwords
from .vocab import Vocab

BOS, EOS = "<s>", "</s>"              # ids 2 and 3, after <pad> = 0 and <unk> = 1
PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3
CORPUS_FILE = "eng-fra.txt"
MAX_SOURCE_WORDS = 15                 # longest English sentence trained on, and the UI's cap
MAX_SOURCE_TOKENS = 25                # the same in the encoder's tokens (punctuation, n't, 's)
MAX_SOURCE_CHARS = 200                # checked first; the longest trained on has 117
MAX_TARGET_TOKENS = 48                # longest French sentence (in pieces) trained on
LENGTH_BUCKETS = ((1, 5), (6, 8), (9, 10), (11, 12), (13, 15), (16, 999))  # English words


@dataclass(frozen=True)
class Pair:
    english: str
    french: str        # untouched: the reference BLEU is scored against

    @property
    def words(self) -> int:
        return english_words(self.english)


def read_pairs(path: str | Path) -> list[Pair]:
    """Pairs from a `English<TAB>French` file; a line without a tab is an error with its number."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            columns = line.split("\t")
            if len(columns) < 2 or not columns[0].strip() or not columns[1].strip():
                raise ValueError(f"{path}:{number}: expected 'English<TAB>French', got {line!r}")
            pairs.append(Pair(columns[0], columns[1]))
    return pairs


def corpus_path(data: str | Path) -> Path:
    data = Path(data)
    return data / CORPUS_FILE if data.is_dir() else data


def select(pairs: list[Pair], min_words: int = 1, max_words: int = 10**6,
           per_bucket: int = 0) -> list[Pair]:
    """Pairs whose English has min..max words; per_bucket > 0 keeps the first N of each length
    bucket (LENGTH_BUCKETS), a fixed subset for quick checks."""
    kept = [p for p in pairs if min_words <= p.words <= max_words]
    if per_bucket <= 0:
        return kept
    taken: Counter = Counter()
    out = []
    for p in kept:
        bucket = bucket_of(p.words)
        if taken[bucket] < per_bucket:
            taken[bucket] += 1
            out.append(p)
    return out


def bucket_of(words: int) -> tuple[int, int]:
    return next(b for b in LENGTH_BUCKETS if b[0] <= words <= b[1])


def write_pairs(pairs: list[Pair], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{p.english}\t{p.french}\n" for p in pairs), encoding="utf-8")
    return path


# ---- vocabularies ------------------------------------------------------------------------------

@dataclass
class PairVocab:
    """The two languages' pieces (explainer.data.subwords) and how often training saw each.

    Assets written before the subwords held lowercase words and a truecasing table instead
    (`subwords` None); they still load and translate until the retrained ones replace them."""
    source: Vocab                          # English pieces, in the subword model's id order
    target: Vocab                          # French pieces
    truecase: dict[str, str]               # word assets only: French word -> written form
    subwords: dict[str, Subwords] | None = None     # {"source": ..., "target": ...}
    counts: dict[str, list[int]] | None = None      # per side: times each id was seen in training

    @classmethod
    def build(cls, pairs: list[Pair], directory: str | Path) -> PairVocab:
        """The subword models in `directory` (MODEL_FILES), with each piece counted on `pairs`."""
        subwords = {side: Subwords(Path(directory) / name) for side, name in MODEL_FILES.items()}
        vocab = cls(Vocab(subwords["source"].pieces), Vocab(subwords["target"].pieces), {},
                    subwords)
        vocab.counts = {"source": vocab._count("source", [p.english for p in pairs]),
                        "target": vocab._count("target", [p.french for p in pairs])}
        return vocab

    def _count(self, side: str, texts: list[str]) -> list[int]:
        vocab = getattr(self, side)
        counts = Counter(i for pieces in self.subwords[side].encode_many(texts)
                         for i in vocab.encode(pieces))
        return [counts[i] for i in range(len(vocab))]

    def source_tokens(self, text: str) -> list[str]:
        """What the encoder reads: English pieces (word assets: lowercase words)."""
        if self.subwords is None:
            return tokenize_english(text)
        return self.subwords["source"].encode(text)

    def target_tokens(self, text: str) -> list[str]:
        if self.subwords is None:
            return tokenize_french(text)
        return self.subwords["target"].encode(text)

    def target_text(self, tokens: list[str]) -> str:
        """French pieces -> the sentence, cased and spaced."""
        if self.subwords is None:
            return detokenize_french(tokens, self.truecase)
        return self.subwords["target"].decode(tokens)

    def seen(self, side: str, token: str) -> int:
        """How often training saw this piece (word assets: 0 for <unk>-bound words, else -1:
        not counted)."""
        vocab = getattr(self, side)
        if token not in vocab.index_of:
            return 0
        return self.counts[side][vocab.index_of[token]] if self.counts else -1

    def save(self, path: str | Path) -> Path:
        """The JSON beside the weights; the subword models are copied next to it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tables = {"source": self.source.tokens, "target": self.target.tokens,
                  "truecase": self.truecase}
        if self.subwords is not None:
            for side, model in self.subwords.items():
                if model.path.resolve() != (path.parent / MODEL_FILES[side]).resolve():
                    shutil.copyfile(model.path, path.parent / MODEL_FILES[side])
            tables.update(subwords=MODEL_FILES, counts=self.counts)
        path.write_text(json.dumps(tables, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> PairVocab:
        path = Path(path)
        tables = json.loads(path.read_text(encoding="utf-8"))
        subwords = tables.get("subwords")
        if subwords is not None:
            subwords = {side: Subwords(path.parent / name) for side, name in subwords.items()}
        return cls(Vocab(tables["source"]), Vocab(tables["target"]), tables["truecase"],
                   subwords, tables.get("counts"))


# ---- id tensors (B = pairs, S = longest source, T = longest target + 1) ----------------------

@dataclass(frozen=True)
class PairBatch:
    source: Tensor            # (B, S) English ids, 0 = <pad>
    source_lengths: Tensor    # (B,)
    target_in: Tensor         # (B, T) <s> y_1 ... y_n, padded: what the decoder reads
    target_out: Tensor        # (B, T) y_1 ... y_n </s>, padded: what it must predict

    def to(self, device) -> PairBatch:
        return PairBatch(*(t.to(device) for t in (self.source, self.source_lengths,
                                                  self.target_in, self.target_out)))


def encode_source(vocab: PairVocab, tokens: list[str]) -> Tensor:
    return torch.tensor(vocab.source.encode(tokens), dtype=torch.long)


def encode_target(vocab: PairVocab, tokens: list[str]) -> Tensor:
    return torch.tensor([BOS_ID] + vocab.target.encode(tokens) + [EOS_ID], dtype=torch.long)


def collate_pairs(sources: list[Tensor], targets: list[Tensor]) -> PairBatch:
    """targets as `encode_target` makes them: <s> ... </s>."""
    return PairBatch(
        source=pad_sequence(sources, batch_first=True, padding_value=PAD_ID),
        source_lengths=torch.tensor([len(s) for s in sources], dtype=torch.long),
        target_in=pad_sequence([t[:-1] for t in targets], batch_first=True, padding_value=PAD_ID),
        target_out=pad_sequence([t[1:] for t in targets], batch_first=True, padding_value=PAD_ID))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m explainer.data.pairs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help=f"folder holding {CORPUS_FILE}, or the file")
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--out", required=True, help="file to write (never commit it)")
    parser.add_argument("--min-words", type=int, default=1)
    parser.add_argument("--max-words", type=int, default=10**6)
    parser.add_argument("--per-bucket", type=int, default=0,
                        help="keep only the first N pairs of each English length bucket")
    args = parser.parse_args(argv)
    train, dev = split_pairs(read_pairs(corpus_path(args.data)))
    chosen = select(train if args.split == "train" else dev, args.min_words, args.max_words,
                    args.per_bucket)
    print(f"wrote {len(chosen)} {args.split} pairs to {write_pairs(chosen, args.out)}")


if __name__ == "__main__":
    main()
