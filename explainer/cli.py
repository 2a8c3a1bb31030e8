"""One command line with a subcommand per task, each module bringing add_arguments and main."""
from __future__ import annotations

import argparse


def run_subcommands(prog: str, description: str, tasks: dict, argv: list[str] | None = None):
    """tasks: name -> (module, help); the chosen module's main(args) runs."""
    parser = argparse.ArgumentParser(prog=prog, description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    subcommands = parser.add_subparsers(dest="task", required=True)
    for name, (module, help_text) in tasks.items():
        module.add_arguments(subcommands.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    tasks[args.task][0].main(args)
