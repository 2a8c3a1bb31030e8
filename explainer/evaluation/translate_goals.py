"""The translators' dev goals (issue 15), measured in one run of both shipped translators:

    python -m explainer.data.pairs --data ../shared/data/tatoeba_eng_fra --split dev \
        --out .data/dev.txt
    python -m explainer.evaluate translate --goals --pairs .data/dev.txt

- attention, beam 5, on <= 10 English words: BLEU >= 43; greedy: >= 41
- attention, beam 5, on 9-15 words: BLEU >= 38, and at least 8 more than plain (beam 5)
- no output holding <unk>, no word three times in a row (counted over every output of the three
  runs, all the file's lengths)

Each run translates the file's pairs once (attention beam 5 and greedy, plain beam 5) and every
figure is read from those translations. A line of several sentences is translated sentence by
sentence, as the Translation tab translates a text (`--whole-lines`: in one piece). The last
lines name the input, then one line per goal, then `goals met: N of 6`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..data.pairs import Pair
from .bleu import corpus_bleu

RUNS = (("attention", 5), ("attention", 0), ("plain", 5))     # (model, beam; 0 = greedy)
SHORT, MIDDLE = (1, 10), (9, 15)                               # English words


def repeats_a_word(text: str, times: int = 3) -> bool:
    """Whether one word (case and punctuation aside) comes `times` times in a row."""
    words = [w.strip(".,!?;:\"'").lower() for w in text.split()]
    words = [w for w in words if w]
    return any(len(set(words[i:i + times])) == 1 for i in range(len(words) - times + 1))


@dataclass(frozen=True)
class Goal:
    name: str
    value: float
    target: str                    # as printed: ">= 43", "= 0"
    met: bool

    def line(self) -> str:
        shown = f"{self.value:.1f}" if self.target.startswith(">=") else f"{self.value:.0f}"
        return f"{'met' if self.met else 'MISSED':>6}  {self.name}: {shown} (goal {self.target})"


def bleu_on(pairs: list[Pair], hypotheses: list[str], words: tuple[int, int]) -> float:
    chosen = [i for i, p in enumerate(pairs) if words[0] <= p.words <= words[1]]
    if not chosen:
        return float("nan")
    return corpus_bleu([hypotheses[i] for i in chosen], [pairs[i].french for i in chosen])


def goals(pairs: list[Pair], outputs: dict[tuple[str, int], list[str]]) -> list[Goal]:
    """The six goals from the runs' detokenised outputs, keyed like RUNS."""
    beam, greedy, plain = (outputs[run] for run in RUNS)
    middle = bleu_on(pairs, beam, MIDDLE)
    gain = middle - bleu_on(pairs, plain, MIDDLE)
    every = [h for found in outputs.values() for h in found]
    unknown = sum("<unk>" in h for h in every)
    looping = sum(repeats_a_word(h) for h in every)
    short_beam, short_greedy = bleu_on(pairs, beam, SHORT), bleu_on(pairs, greedy, SHORT)
    return [Goal("attention beam 5, <= 10 words, BLEU", short_beam, ">= 43", short_beam >= 43),
            Goal("attention greedy, <= 10 words, BLEU", short_greedy, ">= 41",
                 short_greedy >= 41),
            Goal("attention beam 5, 9-15 words, BLEU", middle, ">= 38", middle >= 38),
            Goal("attention minus plain (beam 5), 9-15 words, BLEU", gain, ">= 8", gain >= 8),
            Goal(f"outputs with <unk> (of {len(every)})", unknown, "= 0", unknown == 0),
            Goal(f"outputs with a word three times in a row (of {len(every)})", looping, "= 0",
                 looping == 0)]


def report(pairs: list[Pair], outputs: dict[tuple[str, int], list[str]]) -> str:
    found = goals(pairs, outputs)
    return "\n".join([g.line() for g in found]
                     + [f"goals met: {sum(g.met for g in found)} of {len(found)}"])
