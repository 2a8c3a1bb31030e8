"""Evaluation CLIs, one subcommand per task:

    python -m explainer.evaluate pos --model slide --conllu PATH
    python -m explainer.evaluate translate --model attention --pairs PATH
    python -m explainer.evaluate charlm --text ../shared/data/tinyshakespeare/input.txt
    python -m explainer.evaluate langid --pairs ../shared/data/tatoeba_eng_fra/eng-fra.txt
    python -m explainer.evaluate isnoun --conllu ../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu
    python -m explainer.evaluate delay --step 1000
    python -m explainer.evaluate directions --conllu PATH     (slide vs best, word by word)
"""
from __future__ import annotations

from .cli import run_subcommands
from .evaluation import charlm, delay, directions, isnoun, langid, pos, translate

TASKS = {"pos": (pos, "part-of-speech tagging accuracy on a CoNLL-U file"),
         "translate": (translate, "BLEU of a translator on English<TAB>French pairs"),
         "charlm": (charlm, "bits per character of the character LM on a text"),
         "langid": (langid, "English-vs-French accuracy on English<TAB>French pairs"),
         "isnoun": (isnoun, "noun-or-not accuracy on the word forms of a CoNLL-U file"),
         "delay": (delay, "delay-task accuracy of the Elman and LSTM networks, per delay"),
         "directions": (directions, "words only the bidirectional / only the left-to-right "
                                    "tagger gets right")}


def main(argv: list[str] | None = None) -> None:
    run_subcommands("python -m explainer.evaluate", __doc__, TASKS, argv)


if __name__ == "__main__":
    main()
