"""Score the shipped delay-task networks (Elman and LSTM) on fresh sequences, per delay.

    python -m explainer.evaluate delay --step 1000 --per-delay 512 --seed 0

Prints one row per delay: accuracy of each network after `step` training steps.
"""
from __future__ import annotations

import argparse

from ..device import choose_device
from ..models.delay import DelayCheckpoints, accuracy_by_delay

# the delays the app's trade-offs view scores (explain/tradeoffs.py's EVAL_DELAYS)
DELAYS = (1, 2, 3, 5, 8, 10, 15, 20, 30, 40, 60, 80)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--step", type=int, default=None,
                        help="training checkpoint (default: the last one shipped)")
    parser.add_argument("--per-delay", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)


def main(args: argparse.Namespace) -> None:
    networks = [DelayCheckpoints.load(cell).to(choose_device()) for cell in ("elman", "lstm")]
    steps = networks[0].steps
    step = steps[-1] if args.step is None else args.step
    if step not in steps:
        raise SystemExit(f"--step must be one of the shipped checkpoints {steps}")
    elman, lstm = (accuracy_by_delay(n.at(step), list(DELAYS), args.per_delay, args.seed)
                   for n in networks)
    print(f"after {step} steps, {args.per_delay} sequences per delay (seed {args.seed})")
    print("delay  elman   lstm")
    for delay, elman_score, lstm_score in zip(DELAYS, elman, lstm):
        print(f"{delay:5d}  {elman_score:.4f}  {lstm_score:.4f}")
