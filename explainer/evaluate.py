"""Evaluation CLIs, one subcommand per task:

    python -m explainer.evaluate pos --model slide --conllu PATH
    python -m explainer.evaluate translate --model attention --pairs PATH
"""
from __future__ import annotations

import argparse

from .evaluation import pos, translate

TASKS = {"pos": (pos, "part-of-speech tagging accuracy on a CoNLL-U file"),
         "translate": (translate, "BLEU of a translator on English<TAB>French pairs")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m explainer.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    tasks = parser.add_subparsers(dest="task", required=True)
    for name, (module, help_text) in TASKS.items():
        module.add_arguments(tasks.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    TASKS[args.task][0].main(args)


if __name__ == "__main__":
    main()
