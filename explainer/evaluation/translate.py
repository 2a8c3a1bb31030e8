"""Score a translator with corpus BLEU against untouched references, overall and by length.

    python -m explainer.evaluate translate --model attention --pairs PATH [--max-words 10]

PATH holds `English<TAB>French` lines, any lengths. Each English sentence is translated (beam
search of width 5 by default, --beam 0 for greedy), detokenised and cased, and scored against the
French of its own line, untouched, by sacreBLEU's defaults (13a tokenisation, case-sensitive).
A table of BLEU by English length (words) is printed first, then two counts the goals name:
outputs holding `<unk>`, and outputs with a word three times in a row (a decoder stuck in a
loop); the last line is exactly `bleu: XX.X` for all the pairs scored (those within
--min-words/--max-words).
"""
from __future__ import annotations

import argparse
import time

from ..data.pairs import LENGTH_BUCKETS, Pair, read_pairs, select
from ..device import choose_device, describe
from ..models.translator import Translator
from ..paths import ASSETS
from .bleu import corpus_bleu, translate_pairs


def bleu_table(pairs: list[Pair], hypotheses: list[str]) -> str:
    """BLEU per English-length bucket, plus the two ranges the project's goals name."""
    ranges = [*LENGTH_BUCKETS, (1, 10), (9, 15)]
    lines = [f"{'English words':>13} {'pairs':>6} {'BLEU':>6}"]
    for low, high in ranges:
        chosen = [i for i, p in enumerate(pairs) if low <= p.words <= high]
        label = f"{low}-{high}" if high < 999 else f"{low}+"
        if low == 1 and high == 10:
            label = "<= 10"
        bleu = f"{'-':>6}"
        if chosen:
            references = [pairs[i].french for i in chosen]
            bleu = f"{corpus_bleu([hypotheses[i] for i in chosen], references):6.1f}"
        lines.append(f"{label:>13} {len(chosen):>6} {bleu}")
    return "\n".join(lines)


def repeats_a_word(text: str, times: int = 3) -> bool:
    """Whether one word (case and punctuation aside) comes `times` times in a row."""
    words = [w.strip(".,!?;:\"'").lower() for w in text.split()]
    words = [w for w in words if w]
    return any(len(set(words[i:i + times])) == 1 for i in range(len(words) - times + 1))


def failure_counts(hypotheses: list[str]) -> str:
    unknown = sum("<unk>" in h for h in hypotheses)
    looping = [h for h in hypotheses if repeats_a_word(h)]
    shown = "".join(f"\n  {h}" for h in looping[:5])
    return (f"outputs with <unk>: {unknown}\n"
            f"outputs with a word three times in a row: {len(looping)}{shown}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True,
                        help="attention, plain (assets/translate-NAME.*)")
    parser.add_argument("--pairs", required=True, help="English<TAB>French file")
    parser.add_argument("--assets", default=str(ASSETS), help="folder holding translate-NAME.*")
    parser.add_argument("--beam", type=int, default=5, help="beam size (0 or 1: greedy)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--min-words", type=int, default=1, help="skip shorter English sentences")
    parser.add_argument("--max-words", type=int, default=10**6,
                        help="skip longer English sentences")
    parser.add_argument("--examples", type=int, default=0,
                        help="print this many translations with their references")


def main(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    device = choose_device()
    model = Translator.load(args.model, args.assets).to(device)
    pairs = select(read_pairs(args.pairs), args.min_words, args.max_words)
    if not pairs:
        raise SystemExit(f"no pairs in {args.pairs} with {args.min_words}..{args.max_words} "
                         f"English words")
    hypotheses = translate_pairs(model, pairs, args.beam, args.batch_size)
    for pair, hypothesis in list(zip(pairs, hypotheses))[:args.examples]:
        print(f"EN  {pair.english}\nREF {pair.french}\nOUT {hypothesis}\n")
    decoding = f"beam {args.beam}" if args.beam > 1 else "greedy"
    print(f"model: translate-{args.model}, file: {args.pairs}, pairs: {len(pairs)}, "
          f"decoding: {decoding}, device: {describe(device)}, "
          f"seconds: {time.perf_counter() - started:.1f}")
    print(bleu_table(pairs, hypotheses))
    print(failure_counts(hypotheses))
    print(f"bleu: {corpus_bleu(hypotheses, [p.french for p in pairs]):.1f}")
