"""Training CLIs, one subcommand per task:

    python -m explainer.train pos --data ../shared/data/ud_english_ewt --model {slide,elman,best}
"""
from __future__ import annotations

import argparse

from . import pos

TASKS = {"pos": (pos, "a part-of-speech tagger on UD English-EWT")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m explainer.train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    tasks = parser.add_subparsers(dest="task", required=True)
    for name, (module, help_text) in TASKS.items():
        module.add_arguments(tasks.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    TASKS[args.task][0].main(args)


if __name__ == "__main__":
    main()
