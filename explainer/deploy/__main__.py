"""python -m explainer.deploy --check [--offline]
python -m explainer.deploy --space USER/NAME [--hardware cpu-basic] [--offline]

--check prints what an upload would send and checks it, uploading nothing; --space runs the same
checks, uploads only when they pass, and creates the Space when it does not exist yet.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from explainer.deploy.checks import gpu_handlers, run_checks
from explainer.deploy.space import ROOT, shipped_files, written_files


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m explainer.deploy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--check", action="store_true", help="check what an upload would send")
    what.add_argument("--space", metavar="USER/NAME", help="upload to this Space after the checks")
    parser.add_argument("--hardware", help="set the Space's hardware, named as the Hub names it "
                                           "(cpu-basic, cpu-upgrade, zero-a10g, ...); "
                                           "default: leave it as it is")
    parser.add_argument("--offline", action="store_true", help="do not ask PyPI for wheels")
    return parser


def _hardware_error(hardware: str, root: Path, shipped: list[str]) -> str | None:
    from huggingface_hub import SpaceHardware       # the client's list of the Hub's names
    names = [h.value for h in SpaceHardware]
    if hardware not in names:
        return f"--hardware {hardware!r} is not a name the Hub uses: {', '.join(names)}"
    if hardware.startswith("zero-") and not gpu_handlers(root, shipped):
        return ("ZeroGPU stops a Space where no handler is decorated with @spaces.GPU, and none "
                "is in this tree: use --hardware cpu-basic or cpu-upgrade")
    return None


def main(argv: list[str] | None = None, *, root: Path = ROOT, api=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.space and not re.fullmatch(r"[\w.-]+/[\w.-]+", args.space):
        parser.error(f"--space {args.space!r}: expected USER/NAME, e.g. alice/rnn-explainer")
    start = time.perf_counter()
    shipped = shipped_files(root)
    if args.space and args.hardware and (error := _hardware_error(args.hardware, root, shipped)):
        parser.error(error)
    written = written_files(root, shipped)
    lines = run_checks(root, shipped, written, args.offline)
    for line in lines:
        print(f"{line.status:<5} {line.text}")
    failures = sum(line.status == "FAIL" for line in lines)
    print(f"{failures} failed" if failures else "all passed",
          f"({time.perf_counter() - start:.1f} s)")
    if failures or args.check:
        return 1 if failures else 0
    from explainer.deploy.hub import upload
    print("uploaded:", upload(args.space, shipped, written, root=root, hardware=args.hardware,
                              api=api))
    return 0


if __name__ == "__main__":
    sys.exit(main())
