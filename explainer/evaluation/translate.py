"""Score a translator with corpus BLEU against untouched references, overall and by length.

    python -m explainer.evaluate translate --model attention --pairs PATH [--max-words 10]
    python -m explainer.evaluate translate --goals --pairs PATH     (both models, the dev goals)

PATH holds `English<TAB>French` lines, any lengths. Each English line is translated as the
Translation tab translates a text: sentence by sentence (about one Tatoeba line in a hundred
holds two, as "The robot hums. It naps." would), the French joined by a plain space;
--whole-lines gives each line to the model in one piece instead. Beam search of width 5 by
default, --beam 0 for greedy; the output is detokenised and cased, and scored against the
French of its own line, untouched, by sacreBLEU's defaults (13a tokenisation, case-sensitive).
A table of BLEU by English length (words) is printed first, then two counts the goals name:
outputs holding `<unk>`, and outputs with a word three times in a row (a decoder stuck in a
loop); the last line is exactly `bleu: XX.X` for all the pairs scored (those within
--min-words/--max-words). With --goals: attention (beam 5 and greedy) and plain (beam 5) on
the same pairs, each run's table and counts, then the issue's dev goals one per line
(explainer/evaluation/translate_goals.py).
"""
from __future__ import annotations

import argparse
import time

from ..data.pairs import LENGTH_BUCKETS, Pair, read_pairs, select
from ..data.sentences import split_sentences
from ..device import choose_device, describe
from ..models.translator import Translator
from ..paths import ASSETS
from .bleu import corpus_bleu, translate_pairs
from .translate_goals import RUNS, report, repeats_a_word


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


def failure_counts(hypotheses: list[str]) -> str:
    unknown = sum("<unk>" in h for h in hypotheses)
    looping = [h for h in hypotheses if repeats_a_word(h)]
    shown = "".join(f"\n  {h}" for h in looping[:5])
    return (f"outputs with <unk>: {unknown}\n"
            f"outputs with a word three times in a row: {len(looping)}{shown}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="attention, plain (assets/translate-NAME.*)")
    parser.add_argument("--goals", action="store_true",
                        help="both models (attention beam 5 and greedy, plain beam 5) and the "
                             "dev goals; --model and --beam are not used")
    parser.add_argument("--pairs", required=True, help="English<TAB>French file")
    parser.add_argument("--assets", default=str(ASSETS), help="folder holding translate-NAME.*")
    parser.add_argument("--beam", type=int, default=5, help="beam size (0 or 1: greedy)")
    parser.add_argument("--whole-lines", action="store_true",
                        help="give each English line to the model in one piece, even when it "
                             "holds several sentences (default: sentence by sentence, as the "
                             "Translation tab translates)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--min-words", type=int, default=1, help="skip shorter English sentences")
    parser.add_argument("--max-words", type=int, default=10**6,
                        help="skip longer English sentences")
    parser.add_argument("--examples", type=int, default=0,
                        help="print this many translations with their references")


def evaluate(args: argparse.Namespace, name: str, beam: int, pairs: list[Pair]) -> list[str]:
    """One model and decoding on the pairs: prints its examples, table and counts."""
    started = time.perf_counter()
    device = choose_device()
    model = Translator.load(name, args.assets).to(device)
    hypotheses = translate_pairs(model, pairs, beam, args.batch_size,
                                 by_sentence=not args.whole_lines)
    for pair, hypothesis in list(zip(pairs, hypotheses))[:args.examples]:
        print(f"EN  {pair.english}\nREF {pair.french}\nOUT {hypothesis}\n")
    decoding = f"beam {beam}" if beam > 1 else "greedy"
    print(f"model: translate-{name}, file: {args.pairs}, pairs: {len(pairs)}, "
          f"decoding: {decoding}, input: {input_mode(args, pairs)}, "
          f"device: {describe(device)}, "
          f"seconds: {time.perf_counter() - started:.1f}")
    print(bleu_table(pairs, hypotheses))
    print(failure_counts(hypotheses))
    return hypotheses


def input_mode(args: argparse.Namespace, pairs: list[Pair]) -> str:
    """How the English went in, as the run's header says it."""
    several = sum(len(split_sentences(p.english)) > 1 for p in pairs)
    mode = "whole lines" if args.whole_lines else "sentence by sentence"
    return f"{mode} ({several} of {len(pairs)} lines hold several sentences)"


def main(args: argparse.Namespace) -> None:
    if not args.goals and not args.model:
        raise SystemExit("give --model attention|plain, or --goals for both and the dev goals")
    pairs = select(read_pairs(args.pairs), args.min_words, args.max_words)
    if not pairs:
        raise SystemExit(f"no pairs in {args.pairs} with {args.min_words}..{args.max_words} "
                         f"English words")
    if args.goals:
        outputs = {}
        for name, beam in RUNS:
            outputs[name, beam] = evaluate(args, name, beam, pairs)
            print(f"bleu: {corpus_bleu(outputs[name, beam], [p.french for p in pairs]):.1f}\n")
        print(f"the goals, input {input_mode(args, pairs)}:")
        print(report(pairs, outputs))
        return
    hypotheses = evaluate(args, args.model, args.beam, pairs)
    print(f"bleu: {corpus_bleu(hypotheses, [p.french for p in pairs]):.1f}")
