"""Copy practice for the translators: training pairs again, with their names and numbers swapped.

Tatoeba's English is mostly about Tom and Mary (Tom is in 8,754 of the 126,655 training pairs,
on both sides), and it writes few numbers in digits (195 pairs hold the same ones on both sides),
so a translator trained on it alone never learns to copy a name or a number it has not met:
"Pierre is my friend." came out as "C'est mon ami.", "I have 45 euros." as "J'ai 5 euros.".
`swapped_pairs` adds, once and for all (seeded), copies of such pairs with the name, city or
numbers replaced by others, the same on both sides:

- a pair with "Tom" (a share of them), "Mary" or "Boston" as a whole word, as often in the
  English as in the French: one copy with another man's name, woman's name or city from the
  lists below (the lists are this project's own, not the corpus's);
- a pair whose English and French hold the same numbers in digits: NUMBER_COPIES copies, each
  number replaced by a random one of 1 to 4 digits (the same number, the same replacement).

Training (`--augment`) adds the copies to the training pairs; the pieces' counts the Translation
tab quotes are then counted on both.
"""
from __future__ import annotations

import random
import re

from .pairs import Pair

MEN = """Pierre Ahmed Kenji Lucas Ivan Carlos Omar Hugo Liam Mateo Arjun Kwame Dmitri Sven Jakub
Luca Mohamed Hiroshi Diego Olivier Noah Yusuf Rafael Tariq Felix Emeka Bruno Nikolai Andrei
Julien Thierry Marco Paolo Samir Karim Chen Wei Jonas Lars Tomasz Oscar Adrien Mathieu Antoine
Kofi Ravi Sanjay Pablo Jorge Elias Viktor Anton Erik Malik Idris Bilal Hamid Nils Kai""".split()
WOMEN = """Marie Aiko Fatima Olga Sofia Amira Chloe Elena Ingrid Priya Leila Camille Yuki Nadia
Ana Lucia Hanna Zara Mei Amina Ines Clara Julia Svetlana Aisha Noor Keiko Paula Irene Greta
Sophie Nathalie Valentina Maya Rosa Alma Freya Laila Mariam Naomi Eva Lena Carmen Ada Kemi
Nora Agnes Vera Simone Leonie Juliette Helga Oksana Yasmin Sara Emma Louise Anna Bianca""".split()
CITIES = """Lyon Madrid Berlin Nairobi Lima Oslo Montreal Dakar Seoul Cairo Lisbon Prague Vienna
Dublin Athens Marseille Toulouse Geneva Brussels Quebec Manila Jakarta Hanoi Delhi Mumbai Lagos
Accra Tunis Algiers Rabat Havana Santiago Bogota Warsaw Helsinki Stockholm Sydney Auckland
Denver Seattle""".split()
SWAPS = (("Tom", MEN), ("Mary", WOMEN), ("Boston", CITIES))
TOM_SHARE = 0.5            # Tom is in 8,754 training pairs: half of them are copied
NUMBER_COPIES = 10         # numbers in digits are rare: each such pair is copied this often
NUMBER = re.compile(r"(?<![\d.,:])\d+(?!\d|[.,:]\d)")   # a whole number, not part of 3.5 or 10:30


def _word(name: str) -> re.Pattern:
    return re.compile(rf"\b{name}\b")


def _random_number(rng: random.Random) -> str:
    digits = rng.choice((1, 2, 2, 3, 4))
    return str(rng.randrange(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits))


def swapped_pairs(pairs: list[Pair], seed: int = 1) -> list[Pair]:
    """The copies (not the pairs themselves), in the pairs' order."""
    rng = random.Random(seed)
    out: list[Pair] = []
    patterns = [(name, _word(name), others) for name, others in SWAPS]
    for pair in pairs:
        for name, pattern, others in patterns:
            count = len(pattern.findall(pair.english))
            if count and count == len(pattern.findall(pair.french)):
                if name == "Tom" and rng.random() >= TOM_SHARE:
                    continue
                other = rng.choice(others)
                out.append(Pair(pattern.sub(other, pair.english), pattern.sub(other, pair.french)))
        numbers = NUMBER.findall(pair.english)
        if numbers and sorted(numbers) == sorted(NUMBER.findall(pair.french)):
            for _ in range(NUMBER_COPIES):
                new = {n: _random_number(rng) for n in set(numbers)}
                out.append(Pair(*(NUMBER.sub(lambda m: new[m.group(0)], text)
                                  for text in (pair.english, pair.french))))
    return out
