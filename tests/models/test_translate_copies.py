"""How often the shipped attention translator writes a name or a number as given: invented
template sentences, names in neither Tatoeba's usual cast nor explainer/data/augment.py's lists,
random numbers, beam 5. The figures assets/README.md gives ("Names and numbers are the shipped
attention model's weak side": 0 of 72 names, 6 of 48 numbers); a retrained model changes them
here and there together."""
import random

from explainer.data.augment import CITIES, MEN, WOMEN
from explainer.models.decoding import translate_many
from explainer.models.translator import Translator

NAMES = "Zoltan Ngozi Bjorn Xavier Mehmet Akira Nkechi Ludmila Giorgio Siobhan Rahul Tenzin".split()
TEMPLATES = ["{} is my friend.", "I met {} yesterday.", "My name is {}.", "{} lives in Paris.",
             "Where is {}?", "{} is a doctor."]
NUMBER_TEMPLATES = ["I have {} euros.", "It costs {} dollars.", "The room number is {}.",
                    "We walked {} kilometers."]
README = {"names": 0, "numbers": 6}      # of 72 and of 48, as assets/README.md says


def copied(sentences: list[str], words: list[str]) -> int:
    found = translate_many(Translator.load("attention"), sentences, 5)
    return sum(word in french for (french, _), word in zip(found, words))


def test_the_names_are_not_in_the_augmentation_lists():
    assert not set(NAMES) & set(MEN + WOMEN + CITIES)


def test_unfamiliar_names_written_as_given():
    sentences = [t.format(n) for n in NAMES for t in TEMPLATES]
    words = [n for n in NAMES for _ in TEMPLATES]
    assert copied(sentences, words) == README["names"]


def test_numbers_written_as_given():
    rng = random.Random(0)
    numbers = [str(rng.randrange(10, 10000)) for _ in range(12)]
    sentences = [t.format(x) for x in numbers for t in NUMBER_TEMPLATES]
    words = [x for x in numbers for _ in NUMBER_TEMPLATES]
    assert copied(sentences, words) == README["numbers"]
