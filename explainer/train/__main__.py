"""Training CLIs, one subcommand per task:

    python -m explainer.train pos --data ../shared/data/ud_english_ewt --model {slide,elman,best}
    python -m explainer.train translate --data ../shared/data/tatoeba_eng_fra --model {attention,plain}
    python -m explainer.train charlm --data ../shared/data/tinyshakespeare/input.txt
    python -m explainer.train langid --data ../shared/data/tatoeba_eng_fra/eng-fra.txt
    python -m explainer.train isnoun --data ../shared/data/ud_english_ewt
    python -m explainer.train delay --cell both
"""
from __future__ import annotations

from ..cli import run_subcommands
from . import charlm, delay, isnoun, langid, pos, translate

TASKS = {"pos": (pos, "a part-of-speech tagger on UD English-EWT"),
         "translate": (translate, "an English -> French translator on Tatoeba's pairs"),
         "charlm": (charlm, "a character-level LSTM language model on tiny Shakespeare"),
         "langid": (langid, "an English-vs-French character GRU on Tatoeba's sentences"),
         "isnoun": (isnoun, "a feed-forward is-this-word-a-noun classifier on EWT word forms"),
         "delay": (delay, "Elman and LSTM networks on the delay (long-term memory) task")}


def main(argv: list[str] | None = None) -> None:
    run_subcommands("python -m explainer.train", __doc__, TASKS, argv)


if __name__ == "__main__":
    main()
